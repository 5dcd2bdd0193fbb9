import { useCallback, useEffect, useState } from 'react';
import type {
  CompareCounts,
  CompareLocation,
  CompareMode,
  ComparePage,
  RowStatus,
} from '../../../shared/models/compare';
import type { AppError } from '../../../shared/models/errors';
import { call, onEvent, toAppError } from '../../lib/api';
import { ComparePages } from './compare-pages';

export interface CompareState {
  readonly compareId?: string;
  /** Bumped with every page: main holds more rows (or moved some), the table asks again. */
  readonly revision: number;
  readonly counts?: CompareCounts;
  readonly running: boolean;
  readonly done: boolean;
  readonly waiting?: ComparePage['waiting'];
  readonly error?: AppError & { readonly side?: 'left' | 'right' };
}

/** A row a deep check moved from one status to another. */
export interface Moved {
  readonly from: RowStatus;
  readonly to: RowStatus;
}

const idle = (): CompareState => ({ revision: 0, running: false, done: false });

/**
 * Runs one compare at a time in main and follows its counts as the pages arrive. The rows stay
 * in main (the table asks for the slice it shows), so the window's memory does not grow with
 * the compare.
 */
export function useCompare() {
  const [state, setState] = useState<CompareState>(idle);
  const apply = useCallback((page: ComparePage) => {
    setState((s) => ({
      ...s,
      revision: s.revision + 1,
      counts: page.counts,
      running: !page.done,
      done: page.done,
      waiting: page.waiting,
      ...(page.error && { error: page.error }),
    }));
  }, []);
  const [pages] = useState(() => new ComparePages(apply));

  useEffect(() => onEvent('comparePage', (page) => pages.receive(page)), [pages]);
  // Leaving the dialog stops a compare still running.
  useEffect(
    () => () => {
      if (pages.current) void call('cancelCompare', { compareId: pages.current }).catch(() => undefined);
    },
    [pages],
  );

  const start = useCallback(
    async (left: CompareLocation, right: CompareLocation, mode: CompareMode) => {
      if (pages.current) void call('cancelCompare', { compareId: pages.current }).catch(() => undefined);
      pages.starting();
      setState({ ...idle(), running: true });
      try {
        const { compareId } = await call('startCompare', { left, right, mode });
        setState((s) => ({ ...s, compareId }));
        pages.started(compareId);
      } catch (err) {
        pages.failed();
        setState({ ...idle(), running: false, error: toAppError(err) });
      }
    },
    [pages],
  );

  /** Rows a deep check decided move between the counts (main moved them in its store). */
  const moved = useCallback((changes: readonly Moved[]) => {
    setState((s) => {
      const counts = { ...(s.counts ?? {}) } as Record<string, number>;
      for (const { from, to } of changes) {
        counts[from] = (counts[from] ?? 1) - 1;
        counts[to] = (counts[to] ?? 0) + 1;
      }
      return { ...s, revision: s.revision + 1, counts: counts as CompareCounts };
    });
  }, []);

  return { state, start, moved };
}
