import { create } from 'zustand';
import type { AppError } from '../../shared/models/errors';

export type PaneId = 'left' | 'right';

export interface Pane {
  readonly id: PaneId;
  readonly sessionId?: string;
  /** The profile (or ad-hoc role label) being opened into this pane, while it is pending. */
  readonly opening?: string;
  /** Why the last open into this pane failed: no session exists to carry the error. */
  readonly openError?: AppError;
}

interface WorkspaceStore {
  readonly panes: readonly [Pane, Pane];
  readonly focusedPaneId: PaneId;
  readonly split: boolean;
  readonly setPaneSession: (paneId: PaneId, sessionId: string | undefined) => void;
  readonly setPaneOpening: (paneId: PaneId, opening: string) => void;
  readonly setPaneOpenError: (paneId: PaneId, error: AppError) => void;
  readonly focusPane: (paneId: PaneId) => void;
  readonly toggleSplit: () => void;
  /** Empties every pane that shows this session (it was closed). */
  readonly forgetSession: (sessionId: string) => void;
}

const updatePane = (panes: readonly [Pane, Pane], id: PaneId, next: Pane): readonly [Pane, Pane] =>
  panes[0].id === id ? [next, panes[1]] : [panes[0], next];

export const useWorkspaceStore = create<WorkspaceStore>()((set) => ({
  panes: [{ id: 'left' }, { id: 'right' }],
  focusedPaneId: 'left',
  split: false,
  setPaneSession: (paneId, sessionId) =>
    set((s) => ({ panes: updatePane(s.panes, paneId, { id: paneId, sessionId }) })),
  setPaneOpening: (paneId, opening) =>
    set((s) => {
      const current = s.panes.find((p) => p.id === paneId);
      // Keep showing the old session until the new one is ready, so the pane never blanks.
      return { panes: updatePane(s.panes, paneId, { id: paneId, sessionId: current?.sessionId, opening }) };
    }),
  setPaneOpenError: (paneId, openError) =>
    set((s) => {
      const current = s.panes.find((p) => p.id === paneId);
      return { panes: updatePane(s.panes, paneId, { id: paneId, sessionId: current?.sessionId, openError }) };
    }),
  focusPane: (focusedPaneId) => set({ focusedPaneId }),
  toggleSplit: () =>
    set((s) => (s.split ? { split: false, focusedPaneId: 'left' } : { split: true, focusedPaneId: 'right' })),
  forgetSession: (sessionId) =>
    set((s) => {
      const clear = (p: Pane): Pane => (p.sessionId === sessionId ? { id: p.id } : p);
      return { panes: [clear(s.panes[0]), clear(s.panes[1])] };
    }),
}));

export interface WorkspaceView {
  readonly panes: readonly Pane[];
  readonly focusedPaneId: PaneId;
  readonly split: boolean;
}

/** The panes on screen (one, or two when split) and which one has focus. */
export function useWorkspace(): WorkspaceView {
  const panes = useWorkspaceStore((s) => s.panes);
  const focusedPaneId = useWorkspaceStore((s) => s.focusedPaneId);
  const split = useWorkspaceStore((s) => s.split);
  return { panes: split ? panes : panes.slice(0, 1), focusedPaneId, split };
}

export const useFocusedPane = (): Pane =>
  useWorkspaceStore((s) => s.panes.find((p) => p.id === s.focusedPaneId) ?? s.panes[0]);
