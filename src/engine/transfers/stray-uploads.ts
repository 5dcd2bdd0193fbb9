import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  type MultipartUpload,
  type S3Client,
} from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import { log } from '../log';

/**
 * S3's clock and ours may disagree by minutes (SigV4 allows 15); an upload of the same key
 * initiated this long before our first CreateMultipartUpload is taken for one of ours.
 */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * The earliest start time, on the server's clock, an upload of ours can show. The upload we keep
 * was created just now: the time the server lists for it is what "now" reads on its clock, so
 * `since` is measured back from there. That holds on a server whose clock is off, and on one that
 * misreports every start time as the same constant (moto says 2010-11-10 for all): there every
 * upload of the key counts as recent, and the part check below is what keeps others' uploads safe.
 * With no upload of ours to go by, our own clock is all there is.
 */
function earliestOurs(uploads: readonly MultipartUpload[], keep: string, since: Date, now: number): number {
  const anchor = uploads.find((u) => u.UploadId === keep)?.Initiated?.getTime();
  const start = anchor === undefined ? since.getTime() : anchor - Math.max(0, now - since.getTime());
  return start - CLOCK_SLACK_MS;
}

/** An upload nothing was sent to: a stray Create of ours never had parts (its id was never known). */
async function holdsNoParts(
  client: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<boolean> {
  const listed = await client.send(
    new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 1 }),
  );
  return (listed.Parts ?? []).length === 0;
}

/**
 * CreateMultipartUpload is not idempotent: when its answer is lost, the SDK (or the engine) sends
 * it again and the first upload lives on, unseen, billed until a lifecycle rule removes it. After
 * a Create that needed more than one try, or one a crash cut off, every other upload of the same
 * key begun since (see earliestOurs) that holds no part is ours: aborted. Failures are logged,
 * never thrown: the transfer itself went well.
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
    const uploads = (listed.Uploads ?? []).filter((u) => u.Key === key);
    const earliest = earliestOurs(uploads, keep, since, Date.now());
    for (const upload of uploads) {
      const uploadId = upload.UploadId;
      if (uploadId === undefined || uploadId === keep) continue;
      if ((upload.Initiated?.getTime() ?? 0) < earliest) continue;
      if (!(await holdsNoParts(client, bucket, key, uploadId))) continue;
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    }
  } catch (err) {
    log.warn(
      `Could not look for stray multipart uploads of s3://${bucket}/${key}: ${toAppError(err).message}`,
    );
  }
}
