/**
 * Opening a session always lands in a pane: the one that had focus when the user asked.
 * These functions tie the sessions store (what is open) to the workspace (where it shows).
 */
import type { AdhocRole } from '../../../shared/models/profile';
import type { SessionState } from '../../../shared/models/session';
import { toAppError } from '../../lib/api';
import { useSessionsStore } from '../../stores/sessions-store';
import { useWorkspaceStore } from '../../stores/workspace-store';

/** An open session for this source that is still worth reusing (an expired one can be renewed). */
function reusable(source: string): SessionState | undefined {
  return Object.values(useSessionsStore.getState().sessions).find(
    (s) => s.source === source && s.status !== 'error',
  );
}

/**
 * Opens (or reuses) a profile's session in the focused pane; resolves to its id, or to
 * undefined when it failed (the pane then shows why).
 */
export async function openProfileInFocusedPane(profile: string): Promise<string | undefined> {
  const workspace = useWorkspaceStore.getState();
  const paneId = workspace.focusedPaneId;
  const existing = reusable(profile);
  if (existing) {
    workspace.setPaneSession(paneId, existing.sessionId);
    return existing.sessionId;
  }
  workspace.setPaneOpening(paneId, profile);
  try {
    const session = await useSessionsStore.getState().open(profile);
    useWorkspaceStore.getState().setPaneSession(paneId, session.sessionId);
    return session.sessionId;
  } catch (err) {
    useWorkspaceStore.getState().setPaneOpenError(paneId, toAppError(err));
    return undefined;
  }
}

/** Throws ApiError so the Switch role dialog can keep its form and show why. */
export async function openAdhocInFocusedPane(role: AdhocRole, remember: boolean): Promise<void> {
  const paneId = useWorkspaceStore.getState().focusedPaneId;
  const session = await useSessionsStore.getState().openAdhoc(role, remember);
  useWorkspaceStore.getState().setPaneSession(paneId, session.sessionId);
}

/** A remembered role switch (bookmark, link) into the focused pane; failures show in the pane. */
export async function openRememberedAdhocInFocusedPane(role: AdhocRole): Promise<string | undefined> {
  const paneId = useWorkspaceStore.getState().focusedPaneId;
  useWorkspaceStore.getState().setPaneOpening(paneId, role.label || `${role.roleName} @ ${role.accountId}`);
  try {
    const session = await useSessionsStore.getState().openAdhoc(role, false);
    useWorkspaceStore.getState().setPaneSession(paneId, session.sessionId);
    return session.sessionId;
  } catch (err) {
    useWorkspaceStore.getState().setPaneOpenError(paneId, toAppError(err));
    return undefined;
  }
}

/**
 * Reopens remembered profiles, left pane first, one at a time so MFA prompts come one after
 * another rather than stacked.
 */
export async function reopenProfiles(profiles: readonly (string | undefined)[]): Promise<void> {
  const paneIds = ['left', 'right'] as const;
  for (const [index, profile] of profiles.entries()) {
    const paneId = paneIds[index];
    if (!profile || !paneId) continue;
    useWorkspaceStore.getState().focusPane(paneId);
    await openProfileInFocusedPane(profile);
  }
}
