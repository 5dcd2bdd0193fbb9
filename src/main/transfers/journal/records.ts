/**
 * What the transfer journal holds, item by item: enough to resume each unfinished transfer after
 * a restart, and never a secret. Sessions are named by how they were opened (a profile, a role
 * switch, an Identity Center role), never by credentials; S3 is named by bucket, key, ETag and
 * multipart upload id; the disk by the paths main itself chose when the transfer was created.
 * Every record is checked with these schemas when read back, so an edited or damaged file can
 * only drop items, never put an invalid one in the queue.
 */
import { z } from 'zod';
import { adhocRoleSchema, ssoRoleSchema } from '../../../shared/ipc/schemas';

const MAX_PARTS = 10_000;
const MAX_PATH = 4096;
const text = (max: number) => z.string().min(1).max(max);
const bucket = text(255);
const key = text(4096);
const localPath = text(MAX_PATH);
const size = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 53 - 1);
const md5 = z.string().regex(/^[0-9a-f]{32}$/);

export const sessionSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('profile'), profile: text(256) }),
  z.strictObject({ kind: z.literal('adhoc'), role: adhocRoleSchema }),
  z.strictObject({ kind: z.literal('sso'), role: ssoRoleSchema }),
]);

/** A session as the journal names it: how to open it, the source it opens as, and its label. */
const journalSessionSchema = z.strictObject({
  source: sessionSourceSchema,
  /** The session's `source` once open (a profile name, `adhoc:…`, `sso:…`): how an open session is matched. */
  name: text(2048),
  label: z.string().max(256),
});

/** A multipart upload under way: its id, its parts (fixed for its life) and those finished. */
const multipartSchema = z.strictObject({
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

const uploadRecordSchema = z.strictObject({
  kind: z.literal('upload'),
  bucket,
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
  from: z.strictObject({ bucket, key, size: size.optional() }),
  to: z.strictObject({ bucket, key }),
  /** The source's ETag the parts were read from: another one starts over. */
  etag: z.string().max(256).optional(),
  multipart: multipartStateSchema.optional(),
});

export const taskRecordSchema = z.discriminatedUnion('kind', [
  uploadRecordSchema,
  downloadRecordSchema,
  copyRecordSchema,
]);

const choice = z.enum(['overwrite', 'skip', 'keep-both']);

export const itemRecordSchema = z.strictObject({
  id: z.uuid(),
  jobId: z.uuid(),
  direction: z.enum(['upload', 'download', 'copy']),
  /** In the queue's order: the session written to first (for copies, then the one read from). */
  sessions: z.array(journalSessionSchema).min(1).max(2),
  /** Paused items stay paused when their session opens again; the rest continue. */
  resumeAs: z.enum(['queued', 'paused']),
  /** The target was checked (and any conflict settled) before the interruption. */
  cleared: z.boolean(),
  choice: choice.optional(),
  renamedFrom: z.string().max(4096).optional(),
  note: z.string().max(1024).optional(),
  task: taskRecordSchema,
});

/** A multipart upload to abort once its session is open again: its item was cancelled meanwhile. */
export const pendingAbortSchema = z.strictObject({
  session: journalSessionSchema,
  bucket,
  key,
  uploadId: text(1024),
});

export type SessionSourceRecord = z.infer<typeof sessionSourceSchema>;
export type JournalSession = z.infer<typeof journalSessionSchema>;
export type MultipartRecord = z.infer<typeof multipartSchema>;
export type MultipartState = z.infer<typeof multipartStateSchema>;
export type UploadRecord = z.infer<typeof uploadRecordSchema>;
export type DownloadRecord = z.infer<typeof downloadRecordSchema>;
export type CopyRecord = z.infer<typeof copyRecordSchema>;
export type TaskRecord = z.infer<typeof taskRecordSchema>;
export type ItemRecord = z.infer<typeof itemRecordSchema>;
export type PendingAbort = z.infer<typeof pendingAbortSchema>;

export const JOURNAL_FORMAT = 'crossbucket-transfer-journal';
export const JOURNAL_VERSION = 1;

export interface JournalContents {
  readonly items: readonly ItemRecord[];
  readonly jobs: readonly { readonly id: string; readonly choiceForAll: z.infer<typeof choice> }[];
  readonly aborts: readonly PendingAbort[];
}

export type ReadJournal =
  | (JournalContents & { readonly ok: true; readonly rejected: number })
  | { readonly ok: false; readonly reason: string };

/**
 * The document from its parts, each already JSON text: the queue keeps every item's text until
 * the item changes, so writing the journal of 10,000 waiting files does not serialise them all again.
 */
export function renderJournal(items: readonly string[], jobs: string, aborts: string): string {
  return `{"format":"${JOURNAL_FORMAT}","version":${JOURNAL_VERSION},"jobs":${jobs},"aborts":${aborts},"items":[\n${items.join(',\n')}\n]}\n`;
}

/** Reads a journal document; items that fail their schema are left out and counted. */
export function readJournal(textIn: string): ReadJournal {
  let json: unknown;
  try {
    json = JSON.parse(textIn);
  } catch {
    return { ok: false, reason: 'it is not valid JSON (it may have been cut short)' };
  }
  const doc = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (doc.format !== JOURNAL_FORMAT) return { ok: false, reason: 'it is not a Crossbucket transfer journal' };
  if (doc.version !== JOURNAL_VERSION)
    return {
      ok: false,
      reason: `it has format version ${String(doc.version)}, which this version cannot read`,
    };
  if (!Array.isArray(doc.items)) return { ok: false, reason: 'it holds no list of transfers' };
  let rejected = 0;
  const valid = <T>(schema: z.ZodType<T>, list: unknown): T[] =>
    (Array.isArray(list) ? list : []).flatMap((entry) => {
      const parsed = schema.safeParse(entry);
      if (parsed.success) return [parsed.data];
      rejected++;
      return [];
    });
  const items = valid(itemRecordSchema, doc.items);
  const jobs = valid(z.strictObject({ id: z.uuid(), choiceForAll: choice }), doc.jobs);
  const aborts = valid(pendingAbortSchema, doc.aborts);
  return { ok: true, items, jobs, aborts, rejected };
}
