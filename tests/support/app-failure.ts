import { expect } from 'vitest';
import { AppFailure } from '../../src/shared/errors/app-error';

/** Awaits a promise that must reject with an AppFailure, and hands that failure back for its fields. */
export const failureOf = async (promise: Promise<unknown>): Promise<AppFailure> => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppFailure);
  return err as AppFailure;
};
