import { AppFailure } from '../../shared/errors/app-error';
import { type CallContext, toAppError } from '../../shared/errors/to-app-error';
import type { AppError } from '../../shared/models/errors';

const errorName = (err: unknown): string =>
  typeof err === 'object' && err !== null ? String((err as { name?: unknown }).name ?? '') : '';

/**
 * toAppError plus the S3 answers that only reading, copying and restoring objects meet:
 * archived objects, and an object replaced between the HEAD and the copy.
 */
export function objectError(err: unknown, ctx: CallContext): AppError {
  const name = errorName(err);
  const details = { ...toAppError(err, ctx).details };
  if (name === 'InvalidObjectState') {
    return {
      code: 'conflict',
      message:
        'The object is archived (S3 Glacier Flexible Retrieval or Deep Archive) and cannot be read yet.',
      details,
      hints: [
        'Restore it first (Restore from archive…); once the restore completes it can be read until the restored copy expires.',
      ],
    };
  }
  if (name === 'PreconditionFailed') {
    return {
      code: 'conflict',
      message: 'The object changed while it was being edited; nothing was overwritten.',
      details,
      hints: ['Look at the object again and repeat the change.'],
    };
  }
  return toAppError(err, ctx);
}

export const objectFailure = (err: unknown, ctx: CallContext): AppFailure => {
  const { code, message, details, hints, access } = objectError(err, ctx);
  // The parsed denial rides along, so a refused preview or edit can be explained like any other.
  return new AppFailure(code, message, { details, hints, ...(access ? { access } : {}) });
};

/** Runs one S3 call on an object; its failure names the action refused and the object. */
export async function objectStep<T>(ctx: CallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw objectFailure(err, ctx);
  }
}
