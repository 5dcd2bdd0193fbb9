/**
 * The resumable state of one transfer, as the engine reports it and the journal keeps it: enough
 * to take the transfer up again after a pause, an expiry or a restart, and never a secret. S3 is
 * named by bucket, key, ETag and multipart upload id; the disk by the paths main chose when the
 * transfer was created. Checked with these schemas on both sides of the engine's message channel
 * and when the journal is read back, so a damaged record can only be refused, never acted on.
 */
import { z } from 'zod';
import { carryChoices } from '../models/compare';
import { storageClasses } from '../models/objects';

const MAX_PARTS = 10_000;
const MAX_PATH = 4096;
export const text = (max: number) => z.string().min(1).max(max);
export const bucket = text(255);
export const key = text(4096);
export const localPath = text(MAX_PATH);
export const size = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 53 - 1);
const md5 = z.string().regex(/^[0-9a-f]{32}$/);

/** A multipart upload under way: its id, its parts (fixed for its life) and those finished. */
export const multipartSchema = z.strictObject({
  uploadId: text(1024),
  /** The length of every part, in order. */
  parts: z.array(size.positive()).min(1).max(MAX_PARTS),
  done: z
    .array(
      z.strictObject({
        n: z.number().int().min(1).max(MAX_PARTS),
        etag: text(256),
        /** MD5 (hex) of the bytes sent, checked against the ETag the server lists for the part. */
        md5,
      }),
    )
    .max(MAX_PARTS),
});

/**
 * `since`: when CreateMultipartUpload was first sent. It is written before the request goes, so an
 * upload whose answer a crash cut off can be found (and aborted) by its start time afterwards.
 */
const multipartStateSchema = z.strictObject({
  since: z.iso.datetime(),
  upload: multipartSchema.optional(),
});

/** A 12-digit AWS account id. */
export const account = z.string().regex(/^\d{12}$/);

/**
 * What a write into another account's bucket respects besides the bytes, decided by main when
 * the transfer is queued (a sync plan's choices and the target bucket's facts, see
 * compare/sync-care.ts) and journaled with it, so one resumed after a kill writes the same.
 */
export const writeCareSchema = z.strictObject({
  /** The target uses ACLs and another account writes: its owner gets full control. */
  acl: z.literal('bucket-owner-full-control').optional(),
  /** The target bucket's default SSE-KMS key: the object is encrypted with it. */
  kmsKeyId: text(2048).optional(),
  /** Replaces the source's storage class (or the bucket's default, for a file); absent keeps it. */
  storageClass: z.enum(storageClasses).optional(),
});

/** A copy's care adds what becomes of the source's user metadata and tags. Without it: content type only. */
export const copyCareSchema = writeCareSchema.extend({
  metadata: z.enum(carryChoices),
  tags: z.enum(carryChoices),
});

const uploadRecordSchema = z.strictObject({
  kind: z.literal('upload'),
  bucket,
  /** The account the bucket must belong to (x-amz-expected-bucket-owner on every call to it). */
  owner: account.optional(),
  care: writeCareSchema.optional(),
  key,
  localPath,
  entry: z.enum(['file', 'folder']),
  size,
  /** The file's size and modification time when its multipart upload began: a change starts over. */
  stamp: z.strictObject({ size, mtimeMs: z.number().nonnegative() }).optional(),
  multipart: multipartStateSchema.optional(),
});

const objectSchema = z.strictObject({
  size,
  etag: z.string().max(256).optional(),
  serverSideEncryption: z.string().max(64).optional(),
  sseCustomerAlgorithm: z.string().max(64).optional(),
});

const downloadRecordSchema = z.strictObject({
  kind: z.literal('download'),
  /** Names the temporary file, so a later run finds (or removes) the one this item wrote. */
  id: z.uuid(),
  bucket,
  key,
  versionId: text(1024).optional(),
  size: size.optional(),
  targetDir: localPath,
  /** The safe relative path the key was mapped to when the download was created. */
  relative: localPath,
  /** The same after "keep both" chose another name. */
  current: localPath,
  folder: z.boolean(),
  /** The object the bytes on disk came from, and how its ranged download was split. */
  object: objectSchema.optional(),
  /** Lengths of the download's ranges, in order. */
  ranges: z.array(size.positive()).max(MAX_PARTS).optional(),
  /** Lengths of the object's own parts (what its ETag was computed over), when known. */
  parts: z.array(size.positive()).max(MAX_PARTS).optional(),
  /** Ranges already written to the temporary file, by number. */
  done: z.array(z.number().int().min(1).max(MAX_PARTS)).max(MAX_PARTS).optional(),
  /**
   * What the last pass that disagreed with the ETag hashed to (in the ETag's form): the same bytes
   * after a restart are the second such pass. The verdict itself is not kept: it is judged again
   * from the bytes on disk (download-verdict.ts), so nothing that changed meanwhile is called verified.
   */
  mismatch: z
    .string()
    .regex(/^[0-9a-f]{32}(-\d{1,5})?$/)
    .optional(),
});

const copyRecordSchema = z.strictObject({
  kind: z.literal('copy'),
  /** `owner`: the account each bucket must belong to (x-amz-expected-bucket-owner on every call to it). */
  from: z.strictObject({ bucket, key, size: size.optional(), owner: account.optional() }),
  to: z.strictObject({ bucket, key, owner: account.optional() }),
  care: copyCareSchema.optional(),
  /** The source's ETag the parts were read from: another one starts over. */
  etag: z.string().max(256).optional(),
  multipart: multipartStateSchema.optional(),
});

/**
 * An UploadPartCopy upload under way: like a multipart upload's, but S3 copies each part itself,
 * so a part is known by the ETag S3 gave it (no bytes pass this machine to hash).
 */
export const partCopySchema = z.strictObject({
  uploadId: text(1024),
  parts: z.array(size.positive()).min(1).max(MAX_PARTS),
  done: z
    .array(z.strictObject({ n: z.number().int().min(1).max(MAX_PARTS), etag: text(256) }))
    .max(MAX_PARTS),
});

/**
 * A copy S3 makes itself (CopyObject, or UploadPartCopy for a big object): the target's session
 * reads the source too, so both ends are reached through it. Same ends and care as 'copy'.
 */
const serverCopyRecordSchema = z.strictObject({
  kind: z.literal('server-copy'),
  from: copyRecordSchema.shape.from,
  to: copyRecordSchema.shape.to,
  care: copyCareSchema.optional(),
  /** The source's ETag the copy began from: another one starts over. */
  etag: z.string().max(256).optional(),
  /**
   * When the copy (CopyObject, or CreateMultipartUpload) was first sent: written before it goes,
   * so after a kill a target of the source's size written since then is known to be this copy's.
   */
  since: z.iso.datetime().optional(),
  upload: partCopySchema.optional(),
});

export const taskRecordSchema = z.discriminatedUnion('kind', [
  uploadRecordSchema,
  downloadRecordSchema,
  copyRecordSchema,
  serverCopyRecordSchema,
]);

export type MultipartRecord = z.infer<typeof multipartSchema>;
export type MultipartState = z.infer<typeof multipartStateSchema>;
export type UploadRecord = z.infer<typeof uploadRecordSchema>;
export type DownloadRecord = z.infer<typeof downloadRecordSchema>;
export type CopyRecord = z.infer<typeof copyRecordSchema>;
export type ServerCopyRecord = z.infer<typeof serverCopyRecordSchema>;
export type PartCopyRecord = z.infer<typeof partCopySchema>;
export type WriteCare = z.infer<typeof writeCareSchema>;
export type CopyCare = z.infer<typeof copyCareSchema>;
export type TaskRecord = z.infer<typeof taskRecordSchema>;
