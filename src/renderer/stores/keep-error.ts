import type { AppError } from '../../shared/models/errors';
import { toAppError } from '../lib/api';

/**
 * Runs a store's call to main so that a failure becomes the store's `error`, for its panel to
 * show, instead of a rejection no click handler catches; the next call that succeeds clears it.
 */
export const keepingError =
  (set: (patch: { readonly error: AppError | undefined }) => void) =>
  async (run: () => Promise<unknown>): Promise<void> => {
    try {
      await run();
      set({ error: undefined });
    } catch (err) {
      set({ error: toAppError(err) });
    }
  };
