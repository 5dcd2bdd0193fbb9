import type { AppError } from '../../../shared/models/errors';
import { ErrorNotice } from '../../components/ErrorNotice';

interface Props {
  readonly failed: readonly { readonly key: string; readonly error: AppError }[];
}

/** Only the first few are rendered: a bucket-wide denial would otherwise be thousands alike. */
const SHOWN = 20;

export function FailureList({ failed }: Props) {
  if (failed.length === 0) return null;
  return (
    <div className="op-failures">
      <p>
        {failed.length === 1
          ? '1 item failed:'
          : `${new Intl.NumberFormat().format(failed.length)} items failed:`}
      </p>
      <ul className="op-failures__list">
        {failed.slice(0, SHOWN).map((f) => (
          <li key={f.key}>
            <code className="op-failures__key">{f.key}</code>
            <ErrorNotice error={f.error} compact />
          </li>
        ))}
      </ul>
      {failed.length > SHOWN ? <p className="muted">…and {failed.length - SHOWN} more.</p> : null}
    </div>
  );
}
