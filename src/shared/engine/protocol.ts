/**
 * The message contract between main and the transfer engine process (src/engine), both ways.
 * Main keeps the queue, the journal and the sessions; the engine moves bytes. Like the IPC contract
 * (src/shared/ipc), every message is a name and a payload, the payload types are derived from the
 * zod schemas below, and each side parses what it receives before acting on it (`parseMessage`):
 * a message that does not fit is dropped and logged, never half-applied.
 *
 * Secrets cross in one place only: `credentials`, short-lived session credentials main hands the
 * engine for the sessions its jobs use. Nothing here is written to the journal or a log.
 */
import { z } from 'zod';
import type { AccessDenial } from '../models/access';
import { errorCodes } from '../models/errors';
import { unverifiedReasons, verifiedBy } from '../models/transfer';
import { recordDeltaSchema, seqSchema } from './record-delta';
import { account, bucket, key, localPath, size, taskRecordSchema, text } from './records';

const id = z.string().min(1).max(128);
const sessionId = id;

/** Where a job's session reaches S3 for one bucket: the engine builds its clients from this alone. */
export const placeSchema = z.strictObject({
  sessionId,
  bucket,
  region: z.string().min(1).max(64),
  /** A custom endpoint (a profile's endpoint_url, AWS_ENDPOINT_URL_S3); implies path-style addressing. */
  endpoint: z.url().max(2048).optional(),
  /** The account the bucket must belong to: every request to it carries x-amz-expected-bucket-owner. */
  owner: account.optional(),
});

/**
 * One file's transfer as the engine takes it up: the record says what and how far it got (empty
 * progress for a new one), `resumed` that it comes from an earlier run of the app (the engine then
 * checks whether that run finished it before the journal could say so), `places` which session
 * reaches each bucket (for a copy: the target's first, then the source's; none for a task that
 * only removes what it left on disk).
 */
export const jobSchema = z.strictObject({
  record: taskRecordSchema,
  resumed: z.boolean(),
  places: z.array(placeSchema).max(2),
});

export const tuningSchema = z.strictObject({
  partSizeMiB: z.number().int().min(5).max(5120),
  partConcurrency: z.number().int().min(1).max(64),
  /** Server-side copies above this size are copied by S3 in parts of it (at most 512 MiB); default 5 GiB. */
  copyPartMiB: z.number().int().min(5).max(5120).optional(),
});

export const credentialsSchema = z.strictObject({
  accessKeyId: z.string().min(1).max(256),
  secretAccessKey: z.string().min(1).max(1024),
  sessionToken: z.string().min(1).max(8192).optional(),
  /** Epoch ms; the engine asks main again shortly before it. */
  expiresAt: z.number().int().nonnegative().optional(),
});

export const appErrorSchema = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string().max(4096),
  details: z.record(z.string(), z.string().max(4096)).optional(),
  hints: z.array(z.string().max(1024)).max(16).readonly().optional(),
  /** AWS's denial, parsed in the engine (shared/errors/parse-denial.ts): the access explainer reads it. */
  access: z
    .custom<AccessDenial>(
      (v) => typeof v === 'object' && v !== null && typeof (v as AccessDenial).raw === 'string',
    )
    .optional(),
});

const retryNoticeSchema = z.strictObject({
  attempt: z.number().int().min(1),
  of: z.number().int().min(1),
  reason: z.string().max(1024),
});

/** What the queue shows of a task between reports. */
export const progressSchema = z.strictObject({
  taskId: id,
  bytesDone: size,
  bytesTotal: size,
  retry: retryNoticeSchema.optional(),
  retriesUsed: z.number().int().nonnegative(),
});

/** Everything main mirrors of a task: its progress, its target, and the record the journal keeps. */
export const taskStateSchema = progressSchema.extend({
  target: text(8192),
  record: taskRecordSchema,
  restartReason: z.string().max(1024).optional(),
  /** A finished download's: verified (and by what), or saved but not verified (and why). */
  verification: z
    .discriminatedUnion('state', [
      z.strictObject({ state: z.literal('verified'), by: z.enum(verifiedBy) }),
      z.strictObject({ state: z.literal('not-verified'), reason: z.enum(unverifiedReasons) }),
    ])
    .optional(),
});

/**
 * A task's state at a checkpoint: its record as a delta of the last one sent (main holds the one
 * the task was opened with), or whole when no delta says it (an upload started over) or main asked.
 */
export const checkpointStateSchema = z.union([
  taskStateSchema,
  taskStateSchema.omit({ record: true }).extend({ delta: recordDeltaSchema }),
]);

export const existingSchema = z.strictObject({
  name: text(8192),
  size: size.optional(),
  modified: z.string().max(64).optional(),
});

export const operations = ['run', 'findExisting', 'keepBoth', 'discard'] as const;

/** How a call ended: `appeared` marks the target that came into being after its conflict check. */
const outcomeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), existing: existingSchema.optional() }),
  z.strictObject({ ok: z.literal(false), error: appErrorSchema, appeared: z.boolean().optional() }),
]);

/** One side of a deep check: an object its place reaches, or a file main was granted. */
export const rangeSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('s3'),
    place: placeSchema,
    key,
    expectedOwner: z.string().max(32).optional(),
  }),
  z.strictObject({ kind: z.literal('local'), path: localPath }),
]);

/** How a deep check ended: `differsAt` where the first differing range starts. */
export const deepCheckedSchema = z.strictObject({
  checkId: id,
  status: z.enum(['same', 'different', 'failed']),
  differsAt: size.optional(),
  error: appErrorSchema.optional(),
});

/** Main → engine. */
export const toEngineSchemas = {
  /** Takes up a job under `taskId` (replacing one of that id the engine held). */
  open: z.strictObject({ taskId: id, job: jobSchema }),
  /** Runs one operation of a task; answered by `result` with the same callId. */
  call: z.strictObject({
    callId: id,
    taskId: id,
    op: z.enum(operations),
    mayReplace: z.boolean(),
    tuning: tuningSchema,
  }),
  /** Stops a call under way (pause, cancel, expiry of another item): it ends with an error. */
  abort: z.strictObject({ callId: id }),
  /**
   * Compares two sides of one size range by range (SHA-256 of each), stopping at the first that
   * differs: a compare's deep check. Answered by `deepChecked`; `abort` with the checkId stops it.
   */
  deepCheck: z.strictObject({
    checkId: id,
    left: rangeSourceSchema,
    right: rangeSourceSchema,
    size,
  }),
  /** The task is finished with: its state is dropped. */
  close: z.strictObject({ taskId: id }),
  /** Fresh credentials for a session (a renewal, or the answer to `needCredentials`). */
  credentials: z.strictObject({ sessionId, credentials: credentialsSchema }),
  /**
   * The session's credentials lapsed by main's clock (or it closed): the engine drops its copy, so
   * its next request asks again and fails as expired until the session is renewed.
   */
  revoke: z.strictObject({ sessionId }),
  /**
   * Answers an engine request: a checkpoint journaled, credentials refused. `resend`: the
   * checkpoint's delta did not fit the record main holds (a message lost or out of order); nothing
   * was journaled, and the engine sends the task's record whole under the same requestId.
   */
  reply: z.strictObject({
    requestId: id,
    error: appErrorSchema.optional(),
    resend: z.literal(true).optional(),
  }),
} as const;

/** Engine → main. */
export const fromEngineSchemas = {
  ready: z.strictObject({ pid: z.number().int() }),
  /** Bytes of the tasks that are running, a few times a second. */
  progress: z.strictObject({ tasks: z.array(progressSchema).max(100_000) }),
  result: z.strictObject({ callId: id, state: taskStateSchema, outcome: outcomeSchema }),
  deepChecked: deepCheckedSchema,
  /**
   * The task's state must be in the journal before it goes on (e.g. before and after
   * CreateMultipartUpload, so a kill can still abort the upload); main replies once it is.
   */
  checkpoint: z.strictObject({
    requestId: id,
    /**
     * Numbers the task's records since it was opened (its job's record is 0). A `result` carries
     * the whole record under the last number sent, so the next delta may apply to it.
     */
    seq: seqSchema.min(1),
    state: checkpointStateSchema,
  }),
  /** The engine holds no (or soon expiring) credentials for a session; main replies or sends `credentials`. */
  needCredentials: z.strictObject({ requestId: id, sessionId }),
  log: z.strictObject({ level: z.enum(['info', 'warn', 'error']), message: z.string().max(8192) }),
} as const;

type Payloads<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.infer<S[K]> };
export type ToEngine = Payloads<typeof toEngineSchemas>;
export type FromEngine = Payloads<typeof fromEngineSchemas>;

/** One message on the wire: its name and its payload. */
export type Message<M> = { [K in keyof M]: { readonly type: K; readonly payload: M[K] } }[keyof M];

export type Job = z.infer<typeof jobSchema>;
export type Place = z.infer<typeof placeSchema>;
export type Tuning = z.infer<typeof tuningSchema>;
export type EngineCredentials = z.infer<typeof credentialsSchema>;
export type TaskProgress = z.infer<typeof progressSchema>;
export type TaskState = z.infer<typeof taskStateSchema>;
export type CheckpointState = z.infer<typeof checkpointStateSchema>;
export type ExistingTarget = z.infer<typeof existingSchema>;
export type Operation = (typeof operations)[number];
export type Outcome = z.infer<typeof outcomeSchema>;
export type RangeSource = z.infer<typeof rangeSourceSchema>;
export type DeepChecked = z.infer<typeof deepCheckedSchema>;

/**
 * Parses a received message against one direction's schemas: the typed message, or a reason
 * to log. Unknown names and payloads that do not fit are both refused.
 */
export function parseMessage<S extends Record<string, z.ZodType>>(
  schemas: S,
  raw: unknown,
): { ok: true; message: Message<Payloads<S>> } | { ok: false; reason: string } {
  const { type, payload } = (typeof raw === 'object' && raw !== null ? raw : {}) as {
    type?: unknown;
    payload?: unknown;
  };
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type))
    return { ok: false, reason: `unknown message ${String(type).slice(0, 64)}` };
  const parsed = (schemas[type] as z.ZodType).safeParse(payload);
  if (!parsed.success)
    return { ok: false, reason: `${type}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, message: { type, payload: parsed.data } as Message<Payloads<S>> };
}
