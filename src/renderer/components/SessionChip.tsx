import type { SessionState } from '../../shared/models/session';
import { useSessionColor } from '../lib/use-session-color';
import './session-chip.css';

interface Props {
  readonly session: SessionState;
}

/** The session's colour and label, so the account in use is recognisable at a glance. */
export function SessionChip({ session }: Props) {
  const color = useSessionColor(session);
  return (
    <span
      className="session-chip"
      style={{ backgroundColor: color }}
      title={session.identity?.arn ?? session.label}
    >
      {session.label}
    </span>
  );
}
