import { AppFailure } from '../../shared/errors/app-error';
import { type CallContext, toAppError } from '../../shared/errors/to-app-error';

/**
 * Converts an SDK error where the action and resource are still known, so the error that
 * reaches the IPC layer already names them (an AccessDenied without them is not actionable).
 */
export const callFailure = (err: unknown, ctx: CallContext): AppFailure => {
  const { code, message, details, hints, access } = toAppError(err, ctx);
  return new AppFailure(code, message, { details, hints, ...(access ? { access } : {}) });
};

/** Runs one S3 call and rethrows its failure with the action and resource attached. */
export async function attempt<T>(ctx: CallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw callFailure(err, ctx);
  }
}
