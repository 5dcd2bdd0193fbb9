import type { S3Client } from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { AppError } from '../../shared/models/errors';
import { mapConcurrent } from '../s3/map-concurrent';
import { expandSelection, type Selection } from '../s3/selection';

const CONCURRENCY = 8;

export type PerObject<T> =
  | { readonly key: string; readonly value: T }
  | { readonly key: string; readonly error: AppError };

/** Runs `fn` on each key, a few at a time; a key's failure is its own result, never the others'. */
export function eachKey<T>(
  keys: readonly string[],
  fn: (key: string) => Promise<T>,
): Promise<PerObject<T>[]> {
  return mapConcurrent(keys, CONCURRENCY, async (key): Promise<PerObject<T>> => {
    try {
      return { key, value: await fn(key) };
    } catch (err) {
      return { key, error: toAppError(err) };
    }
  });
}

/** {@link eachKey} over every object a selection stands for, folders expanded. */
export async function eachObject<T>(
  client: S3Client,
  selection: Selection,
  fn: (key: string) => Promise<T>,
): Promise<PerObject<T>[]> {
  const keys: string[] = [];
  for await (const item of expandSelection(client, selection)) keys.push(item.key);
  return eachKey(keys, fn);
}

export const failuresOf = <T>(results: readonly PerObject<T>[]): { key: string; error: AppError }[] =>
  results.flatMap((r) => ('error' in r ? [{ key: r.key, error: r.error }] : []));

export const valuesOf = <T>(results: readonly PerObject<T>[]): T[] =>
  results.flatMap((r) => ('value' in r ? [r.value] : []));
