import './progress-bar.css';

interface Props {
  readonly done: number;
  readonly total: number;
  readonly label: string;
  readonly tone?: 'normal' | 'failed' | 'paused';
}

/** A native <progress>, so assistive tech reads value and maximum without extra ARIA. */
export function ProgressBar({ done, total, label, tone = 'normal' }: Props) {
  const max = total > 0 ? total : 1;
  return (
    <progress
      className={`progress-bar progress-bar--${tone}`}
      value={Math.min(done, max)}
      max={max}
      aria-label={label}
    />
  );
}
