import { AppFailure } from '../../shared/errors/app-error';
import type { AppError } from '../../shared/models/errors';

/** Re-throwable form of an AppError already worded by `toAppError` or the profile loader. */
export const asFailure = (error: AppError): AppFailure =>
  new AppFailure(error.code, error.message, {
    ...(error.details ? { details: error.details } : {}),
    ...(error.hints ? { hints: error.hints } : {}),
    ...(error.access ? { access: error.access } : {}),
  });
