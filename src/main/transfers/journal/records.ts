/**
 * What the transfer journal holds, item by item: enough to resume each unfinished transfer after
 * a restart (or to list again a download saved without verification), and never a secret. Sessions are named by how they were opened (a profile, a role
 * switch, an Identity Center role), never by credentials; S3 is named by bucket, key, ETag and
 * multipart upload id; the disk by the paths main itself chose when the transfer was created.
 * Every record is checked with these schemas when read back, so an edited or damaged file can
 * only drop items, never put an invalid one in the queue.
 */
import { z } from 'zod';
import { bucket, key, taskRecordSchema, text } from '../../../shared/engine/records';
import { adhocRoleSchema, ssoRoleSchema } from '../../../shared/ipc/fields';
import { unverifiedReasons } from '../../../shared/models/transfer';

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
  /**
   * Only on a finished download saved without verification, and why: it is listed again as done
   * and "saved, not verified", so a restart never hides that its bytes were not checked. Records
   * without it (all a previous version wrote) are unfinished transfers to resume.
   */
  unverified: z.enum(unverifiedReasons).optional(),
  task: taskRecordSchema,
});

/** A multipart upload to abort once its session is open again: its item was cancelled meanwhile. */
export const pendingAbortSchema = z.strictObject({
  session: journalSessionSchema,
  bucket,
  key,
  uploadId: text(1024),
});

export type {
  CopyRecord,
  DownloadRecord,
  MultipartState,
  TaskRecord,
  UploadRecord,
} from '../../../shared/engine/records';
export type SessionSourceRecord = z.infer<typeof sessionSourceSchema>;
export type JournalSession = z.infer<typeof journalSessionSchema>;
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
