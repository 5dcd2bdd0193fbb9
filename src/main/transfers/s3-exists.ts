import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { toAppError } from '../errors/to-app-error';
import type { ExistingTarget } from './transfer-task';

/** HeadObject as a question: the object's size and date, or undefined when there is none. */
export async function headIfExists(
  client: S3Client,
  bucket: string,
  key: string,
  signal: AbortSignal,
): Promise<ExistingTarget | undefined> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: signal,
    });
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
