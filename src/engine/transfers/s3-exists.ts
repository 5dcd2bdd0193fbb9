import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import { type RetryOptions, withRetry } from '../../shared/transfers/retry';
import type { ExistingTarget } from './task';

/**
 * HeadObject as a question: the object's size and date, or undefined when there is none.
 * Retried like every transfer request: a refused connection here must not fail the item.
 */
export async function headIfExists(
  client: S3Client,
  bucket: string,
  key: string,
  retry: RetryOptions,
): Promise<ExistingTarget | undefined> {
  try {
    const head = await withRetry(
      () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: retry.signal }),
      retry,
    );
    return {
      name: `s3://${bucket}/${key}`,
      size: head.ContentLength,
      modified: head.LastModified?.toISOString(),
    };
  } catch (err) {
    if (toAppError(err).code === 'no-such-key') return undefined;
    throw err;
  }
}
