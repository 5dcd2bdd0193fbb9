import type { SessionState } from '../../shared/models/session';
import { useSettings } from '../stores/settings-store';
import { sessionColor } from './session-color';

/**
 * The colour of a session wherever its data is shown (title bar, pane, transfer rows), so the
 * same account looks the same everywhere. Undefined without a session: nothing to mark.
 */
export function useSessionColor(session: SessionState | undefined): string | undefined {
  const { sessionColors } = useSettings();
  return session ? sessionColor(session.source, session.identity?.account, sessionColors) : undefined;
}
