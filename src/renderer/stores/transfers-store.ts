/**
 * The transfer queue as main reports it, and the conflicts waiting for the user. Main owns
 * the queue; this store only mirrors `transfersChanged` and forwards the user's commands.
 */
import { create } from 'zustand';
import type { AppError } from '../../shared/models/errors';
import type { ConflictChoice, TransferConflict, TransferSnapshot } from '../../shared/models/transfer';
import { call, onEvent, toAppError } from '../lib/api';

export type TransferCommand = 'pause' | 'resume' | 'cancel' | 'retry';

const COMMAND_REQUEST = {
  pause: 'pauseTransfers',
  resume: 'resumeTransfers',
  cancel: 'cancelTransfers',
  retry: 'retryTransfers',
} as const;

interface TransfersStore {
  readonly snapshot: TransferSnapshot;
  /** Oldest first; the dialog shows the head. */
  readonly conflicts: readonly TransferConflict[];
  readonly error?: AppError;
  readonly expanded: boolean;
  readonly start: () => () => void;
  /** Without ids: every item the command applies to. */
  readonly command: (command: TransferCommand, ids?: readonly string[]) => Promise<void>;
  readonly clearFinished: () => Promise<void>;
  readonly resolve: (
    conflict: TransferConflict,
    choice: ConflictChoice,
    applyToAll: boolean,
  ) => Promise<void>;
  readonly setExpanded: (expanded: boolean) => void;
  readonly dismissError: () => void;
}

const emptySnapshot: TransferSnapshot = {
  items: [],
  totals: { bytesTotal: 0, bytesDone: 0, rate: 0, active: 0, queued: 0, failed: 0 },
};

export const useTransfersStore = create<TransfersStore>()((set, get) => {
  const attempt = async (run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
      set({ error: undefined });
    } catch (err) {
      set({ error: toAppError(err) });
    }
  };

  return {
    snapshot: emptySnapshot,
    conflicts: [],
    expanded: false,

    start: () => {
      const offChanged = onEvent('transfersChanged', (snapshot) => {
        // Open the panel the first time work appears, so a drop visibly did something.
        const wasIdle = get().snapshot.items.length === 0;
        set({ snapshot, ...(wasIdle && snapshot.items.length > 0 ? { expanded: true } : {}) });
      });
      const offConflict = onEvent('transferConflict', (conflict) =>
        set((s) => ({ conflicts: [...s.conflicts, conflict] })),
      );
      void attempt(async () => set({ snapshot: await call('listTransfers', {}) }));
      return () => {
        offChanged();
        offConflict();
      };
    },

    command: (command, ids) =>
      attempt(() => call(COMMAND_REQUEST[command], ids === undefined ? {} : { ids: [...ids] })),

    clearFinished: () => attempt(() => call('clearFinishedTransfers', {})),

    resolve: async (conflict, choice, applyToAll) => {
      // Main settles the rest of the job itself when applying to all, so drop them here.
      set((s) => ({
        conflicts: s.conflicts.filter(
          (c) => c.conflictId !== conflict.conflictId && !(applyToAll && c.jobId === conflict.jobId),
        ),
      }));
      await attempt(() => call('resolveConflict', { conflictId: conflict.conflictId, choice, applyToAll }));
    },

    setExpanded: (expanded) => set({ expanded }),
    dismissError: () => set({ error: undefined }),
  };
});
