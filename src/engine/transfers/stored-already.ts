import { createHash } from 'node:crypto';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import { type RetryOptions, withRetry } from '../../shared/transfers/retry';
import { factsOf, holdsExactly, md5OfFile } from './integrity';

export interface LocalFile {
  readonly bucket: string;
  readonly key: string;
  readonly localPath: string;
  readonly size: number;
  /** The whole file when it was read into memory; otherwise it is hashed from disk (worker thread). */
  readonly bytes?: Buffer;
}

/**
 * What the key holds, compared with a local file whose upload a crash may have finished after the
 * journal's last write: `this-file` (the same size, and an ETag that is the MD5 of the file),
 * `another` object, or `none`. An ETag that is not an MD5 (KMS, a customer key, multipart) cannot
 * prove equality, so that object counts as another and the file is sent (or asked about) as before.
 */
export async function storedAlready(
  client: S3Client,
  file: LocalFile,
  retry: RetryOptions,
): Promise<'this-file' | 'another' | 'none'> {
  const head = await withRetry(
    () =>
      client.send(new HeadObjectCommand({ Bucket: file.bucket, Key: file.key }), {
        abortSignal: retry.signal,
      }),
    retry,
  ).catch((err: unknown) => {
    if (toAppError(err).code === 'no-such-key') return undefined;
    throw err;
  });
  if (!head) return 'none';
  if (head.ContentLength !== file.size) return 'another';
  const md5 = file.bytes
    ? createHash('md5').update(file.bytes).digest('hex')
    : await md5OfFile(file.localPath);
  return holdsExactly(md5, factsOf(head)) ? 'this-file' : 'another';
}
