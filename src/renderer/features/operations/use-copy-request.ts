import { useState } from 'react';
import type { CopySummary, RequestInput } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/models/errors';
import { call, toAppError } from '../../lib/api';

/**
 * One server-side copy (copy, move or rename) as a dialog runs it: busy while it runs, the
 * request's error or the per-key failures shown in the dialog, `onDone` only when every key made it.
 */
export function useCopyRequest(onDone: (summary: CopySummary) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const [failed, setFailed] = useState<CopySummary['failed']>([]);

  const run = async (input: RequestInput<'copyObjects'>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const summary = await call('copyObjects', input);
      if (summary.failed.length > 0) {
        setFailed(summary.failed);
        setBusy(false);
      } else {
        onDone(summary);
      }
    } catch (err) {
      setError(toAppError(err));
      setBusy(false);
    }
  };

  return { busy, error, failed, run };
}
