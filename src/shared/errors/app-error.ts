import type { AppError, ErrorCode } from '../models/errors';

/** An error a service throws on purpose: it already reads well in the UI. */
export class AppFailure extends Error {
  readonly appError: AppError;

  constructor(code: ErrorCode, message: string, extra: Pick<AppError, 'details' | 'hints' | 'access'> = {}) {
    super(message);
    this.name = 'AppFailure';
    this.appError = { code, message, ...extra };
  }
}

export const fail = (
  code: ErrorCode,
  message: string,
  extra?: Pick<AppError, 'details' | 'hints' | 'access'>,
): never => {
  throw new AppFailure(code, message, extra);
};
