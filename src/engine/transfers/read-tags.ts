import { GetObjectTaggingCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';
import { AppFailure } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import { type RetryOptions, withRetry } from '../../shared/transfers/retry';

/**
 * The source object's tags, for a copy that keeps them. A copy without them would quietly not
 * be what the user chose, so a refusal fails the copy with the reason on its row (and the
 * denial, for the access explainer) rather than copying the bytes alone.
 */
export async function sourceTags(
  client: S3Client,
  source: { readonly bucket: string; readonly key: string },
  retry: RetryOptions,
): Promise<Tag[]> {
  const { bucket, key } = source;
  try {
    const out = await withRetry(
      () =>
        client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }), { abortSignal: retry.signal }),
      retry,
    );
    return out.TagSet ?? [];
  } catch (err) {
    const error = toAppError(err, {
      action: 's3:GetObjectTagging',
      resource: `arn:aws:s3:::${bucket}/${key}`,
    });
    if (error.code !== 'access-denied') throw err;
    throw new AppFailure(
      'access-denied',
      `The tags of s3://${bucket}/${key} could not be read (s3:GetObjectTagging was refused), so it was not copied: the copy would have lost them.`,
      {
        ...(error.details && { details: error.details }),
        ...(error.access && { access: error.access }),
        hints: [
          "Allow s3:GetObjectTagging on the source for the source's session, then retry.",
          'Or plan the sync again with tags set to "target defaults".',
        ],
      },
    );
  }
}
