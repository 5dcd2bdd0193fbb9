import type { SessionState } from '../../shared/models/session';
import { sessionColor } from '../lib/session-color';
import { useSettings } from '../stores/settings-store';
import './session-chip.css';

interface Props {
  readonly session: SessionState;
}

/** The session's colour and label, so the account in use is recognisable at a glance. */
export function SessionChip({ session }: Props) {
  const { sessionColors } = useSettings();
  const color = sessionColor(session.source, session.identity?.account, sessionColors);
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
