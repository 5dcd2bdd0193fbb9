import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import { log } from '../log';

/**
 * S3's clock and ours may disagree by minutes (SigV4 allows 15); an upload of the same key
 * initiated this long before our first CreateMultipartUpload is taken for one of ours.
 */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * CreateMultipartUpload is not idempotent: when its answer is lost, the SDK (or the engine) sends
 * it again and the first upload lives on, unseen, billed until a lifecycle rule removes it. After
 * a Create that needed more than one try, every other upload of the same key begun since is ours:
 * aborted. Failures are logged, never thrown: the transfer itself went well.
 */
export async function abortStrayUploads(
  client: S3Client,
  target: { readonly bucket: string; readonly key: string },
  keep: string,
  since: Date,
): Promise<void> {
  const { bucket, key } = target;
  try {
    const listed = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }));
    const strays = (listed.Uploads ?? []).filter(
      (u) =>
        u.Key === key &&
        u.UploadId !== keep &&
        u.UploadId !== undefined &&
        (u.Initiated?.getTime() ?? 0) >= since.getTime() - CLOCK_SLACK_MS,
    );
    for (const stray of strays)
      await client.send(
        new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: stray.UploadId }),
      );
  } catch (err) {
    log.warn(
      `Could not look for stray multipart uploads of s3://${bucket}/${key}: ${toAppError(err).message}`,
    );
  }
}
