import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  CompareCounts,
  CompareLocation,
  CompareMode,
  ComparePage,
  CompareRow,
} from '../../../shared/models/compare';
import type { AppError } from '../../../shared/models/errors';
import { call, onEvent, toAppError } from '../../lib/api';
import { ComparePages } from './compare-pages';

export interface CompareState {
  readonly compareId?: string;
  /**
   * Every row main sent, in key order. Appended in place (a million rows are not copied per
   * page); `revision` says it changed.
   */
  readonly rows: readonly CompareRow[];
  readonly revision: number;
  readonly counts?: CompareCounts;
  readonly running: boolean;
  readonly done: boolean;
  readonly waiting?: ComparePage['waiting'];
  readonly error?: AppError & { readonly side?: 'left' | 'right' };
}

const idle = (): CompareState => ({ rows: [], revision: 0, running: false, done: false });

/** Runs one compare at a time in main and gathers its rows as the pages arrive. */
export function useCompare() {
  const [state, setState] = useState<CompareState>(idle);
  const rows = useRef<CompareRow[]>([]);
  const apply = useCallback((page: ComparePage) => {
    for (const row of page.rows) rows.current.push(row);
    setState((s) => ({
      ...s,
      rows: rows.current,
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
      rows.current = [];
      setState({ ...idle(), rows: rows.current, running: true });
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

  /** Rows a deep check decided replace their old selves (and move between the counts). */
  const replace = useCallback((decided: ReadonlyMap<string, CompareRow>) => {
    setState((s) => {
      const counts = { ...(s.counts ?? {}) } as Record<string, number>;
      rows.current.forEach((row, i) => {
        const next = decided.get(row.key);
        if (!next) return;
        counts[row.status] = (counts[row.status] ?? 1) - 1;
        counts[next.status] = (counts[next.status] ?? 0) + 1;
        rows.current[i] = next;
      });
      return { ...s, revision: s.revision + 1, counts: counts as CompareCounts };
    });
  }, []);

  return { state, start, replace };
}
