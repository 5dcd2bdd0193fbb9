/**
 * The transfer queue as main reports it, and the conflicts waiting for the user. Main owns
 * the queue and its questions; this store mirrors them (from the attach snapshot, then from
 * `transfersChanged` / `transferConflict`) and forwards the user's commands and answers.
 */
import { create } from 'zustand';
import type { AppError } from '../../shared/models/errors';
import {
  type ConflictChoice,
  emptyTransferSnapshot,
  type TransferConflict,
  type TransferSnapshot,
} from '../../shared/models/transfer';
import { call, onEvent } from '../lib/api';
import { keepingError } from './keep-error';
import { mergeOpenConflicts, type OpenConflicts } from './open-conflicts';

export type TransferCommand = 'pause' | 'resume' | 'cancel' | 'retry';

const COMMAND_REQUEST = {
  pause: 'pauseTransfers',
  resume: 'resumeTransfers',
  cancel: 'cancelTransfers',
  retry: 'retryTransfers',
} as const;

interface TransfersStore extends OpenConflicts {
  readonly snapshot: TransferSnapshot;
  readonly error?: AppError;
  readonly expanded: boolean;
  /** Follows main's events; returns the unsubscribe. */
  readonly start: () => () => void;
  /** Main's snapshot (at attach, or pushed): the queue and every question still open. */
  readonly receive: (snapshot: TransferSnapshot) => void;
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
  /** The user read why the journal of the last run could not all be read back. */
  readonly journalErrorDismissed: boolean;
  readonly dismissJournalError: () => void;
}

export const useTransfersStore = create<TransfersStore>()((set, get) => {
  const attempt = keepingError(set);

  return {
    snapshot: emptyTransferSnapshot,
    conflicts: [],
    answered: new Set(),
    expanded: false,

    start: () => {
      const offChanged = onEvent('transfersChanged', (snapshot) => get().receive(snapshot));
      const offConflict = onEvent('transferConflict', (conflict) =>
        set((s) =>
          s.conflicts.some((c) => c.conflictId === conflict.conflictId)
            ? {}
            : { conflicts: [...s.conflicts, conflict] },
        ),
      );
      return () => {
        offChanged();
        offConflict();
      };
    },

    receive: (snapshot) =>
      set((s) => {
        // Open the panel the first time work appears, so a drop visibly did something.
        const wasIdle = s.snapshot.items.length === 0;
        return {
          snapshot,
          ...mergeOpenConflicts(s, snapshot.conflicts),
          ...(wasIdle && snapshot.items.length > 0 ? { expanded: true } : {}),
        };
      }),

    command: (command, ids) =>
      attempt(() => call(COMMAND_REQUEST[command], ids === undefined ? {} : { ids: [...ids] })),

    clearFinished: () => attempt(() => call('clearFinishedTransfers', {})),

    resolve: async (conflict, choice, applyToAll) => {
      // Main settles the rest of the job itself when applying to all, so drop them here.
      set((s) => {
        const gone = s.conflicts.filter(
          (c) => c.conflictId === conflict.conflictId || (applyToAll && c.jobId === conflict.jobId),
        );
        return {
          conflicts: s.conflicts.filter((c) => !gone.includes(c)),
          answered: new Set([...s.answered, ...gone.map((c) => c.conflictId)]),
        };
      });
      await attempt(() => call('resolveConflict', { conflictId: conflict.conflictId, choice, applyToAll }));
    },

    setExpanded: (expanded) => set({ expanded }),
    dismissError: () => set({ error: undefined }),
    journalErrorDismissed: false,
    dismissJournalError: () => set({ journalErrorDismissed: true }),
  };
});
