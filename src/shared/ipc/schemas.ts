/**
 * Runtime schemas for every request's input. Main parses with these before any service
 * sees the data; the renderer is treated as untrusted. The mapped type at the bottom makes
 * a request without a schema a compile error.
 */
import { z } from 'zod';
import type { RequestName } from './channels';

const MAX_KEY_BYTES = 1024;
const MAX_PATH = 4096;
const MAX_ITEMS = 100_000;
const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

const id = z.string().min(1).max(128);
const profileName = z.string().min(1).max(256);
/** AWS bucket names are 3–63 chars; legacy us-east-1 buckets go up to 255. */
const bucket = z.string().min(3).max(255);
const key = z
  .string()
  .min(1)
  .refine((k) => utf8Length(k) <= MAX_KEY_BYTES, {
    message: 'S3 keys are at most 1,024 bytes',
  });
const prefix = z.string().refine((k) => utf8Length(k) <= MAX_KEY_BYTES, {
  message: 'S3 prefixes are at most 1,024 bytes',
});
const localPath = z.string().min(1).max(MAX_PATH);
const accountId = z.string().regex(/^\d{12}$/, 'an account ID is 12 digits');
const roleName = z.string().regex(/^[\w+=,.@/-]{1,64}$/, 'not a valid IAM role name');
const duration = z.number().int().min(900).max(43_200);
const sessionName = z.string().regex(/^[\w+=,.@-]{2,64}$/, 'not a valid role session name');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region name');
const mfaSerial = z.string().min(9).max(256);

const empty = z.strictObject({});
const sessionRef = z.strictObject({ sessionId: id });
const ids = z.strictObject({ ids: z.array(id).max(MAX_ITEMS).optional() });

export const adhocRoleSchema = z.strictObject({
  sourceProfile: profileName,
  accountId,
  roleName,
  externalId: z.string().min(2).max(1224).optional(),
  mfaSerial: mfaSerial.optional(),
  durationSeconds: duration.optional(),
  roleSessionName: sessionName.optional(),
  region: region.optional(),
  label: z.string().max(64).optional(),
});

const selection = {
  sessionId: id,
  bucket,
  keys: z.array(key).max(MAX_ITEMS),
  prefixes: z.array(prefix).max(MAX_ITEMS),
};

export const requestSchemas = {
  getAppInfo: empty,

  listProfiles: empty,
  reloadProfiles: empty,

  listSessions: empty,
  openSession: z.strictObject({ profile: profileName }),
  openAdhocSession: z.strictObject({ role: adhocRoleSchema, remember: z.boolean() }),
  renewSession: sessionRef,
  closeSession: sessionRef,
  copySessionExports: z.strictObject({ sessionId: id, confirmed: z.literal(true) }),
  listRecentRoles: empty,
  forgetRecentRole: z.strictObject({ index: z.number().int().min(0).max(1000) }),
  answerMfa: z.strictObject({ promptId: id, code: z.string().regex(/^\d{6}$/, 'an MFA code is 6 digits') }),
  cancelMfa: z.strictObject({ promptId: id }),

  listBuckets: sessionRef,
  listObjects: z.strictObject({
    sessionId: id,
    bucket,
    prefix,
    startsWith: z.string().max(MAX_KEY_BYTES).optional(),
  }),
  cancelListing: z.strictObject({ listingId: id }),
  headObject: z.strictObject({ sessionId: id, bucket, key, versionId: z.string().max(1024).optional() }),
  listVersions: z.strictObject({ sessionId: id, bucket, key }),
  createFolder: z.strictObject({ sessionId: id, bucket, prefix, name: z.string().min(1).max(MAX_KEY_BYTES) }),
  countSelection: z.strictObject(selection),
  deleteObjects: z.strictObject(selection),
  copyObjects: z.strictObject({
    ...selection,
    targetBucket: bucket,
    targetPrefix: prefix,
    move: z.boolean(),
    /** For a single object: the new name (rename). */
    newName: z.string().min(1).max(MAX_KEY_BYTES).optional(),
  }),
  presignObject: z.strictObject({
    sessionId: id,
    bucket,
    key,
    versionId: z.string().max(1024).optional(),
    expiresInSeconds: z.number().int().min(1).max(604_800),
  }),

  uploadPaths: z.strictObject({
    sessionId: id,
    bucket,
    prefix,
    paths: z.array(localPath).min(1).max(MAX_ITEMS),
  }),
  downloadObjects: z.strictObject({
    ...selection,
    /** Where the files go; absent means the download folder from settings. */
    targetDir: localPath.optional(),
    versionId: z.string().max(1024).optional(),
  }),
  copyAcrossSessions: z.strictObject({
    from: z.strictObject(selection),
    to: z.strictObject({ sessionId: id, bucket, prefix }),
  }),
  listTransfers: empty,
  pauseTransfers: ids,
  resumeTransfers: ids,
  cancelTransfers: ids,
  retryTransfers: ids,
  clearFinishedTransfers: empty,
  resolveConflict: z.strictObject({
    conflictId: id,
    choice: z.enum(['overwrite', 'skip', 'keep-both']),
    applyToAll: z.boolean(),
  }),

  pickUploadPaths: z.strictObject({ kind: z.enum(['files', 'folder']) }),
  pickDirectory: z.strictObject({ title: z.string().max(200).optional() }),

  getSettings: empty,
  updateSettings: z.strictObject({
    patch: z.strictObject({
      downloadDir: localPath.optional(),
      parallelFiles: z.number().int().min(1).max(32).optional(),
      partSizeMiB: z.number().int().min(5).max(5120).optional(),
      partConcurrency: z.number().int().min(1).max(64).optional(),
      confirmDelete: z.enum(['always', 'never']).optional(),
      theme: z.enum(['system', 'light', 'dark']).optional(),
      sessionColors: z
        .record(profileName, z.string().regex(/^#[0-9a-f]{6}$/i))
        .refine((r) => Object.keys(r).length <= 1000)
        .optional(),
    }),
  }),
  openExternal: z.strictObject({ url: z.url({ protocol: /^https$/ }).max(2048) }),

  listIncompleteUploads: z.strictObject({ sessionId: id, bucket }),
  abortIncompleteUploads: z.strictObject({
    sessionId: id,
    bucket,
    uploads: z
      .array(z.strictObject({ key, uploadId: z.string().min(1).max(1024) }))
      .min(1)
      .max(10_000),
  }),
  abortIncompleteUploadsOlderThan: z.strictObject({
    sessionId: id,
    bucket,
    days: z.number().int().min(0).max(36_500),
  }),
  incompleteUploadsRule: z.strictObject({ sessionId: id, bucket, days: z.number().int().min(1).max(36_500) }),
} satisfies { readonly [K in RequestName]: z.ZodType };

export type RequestSchemas = typeof requestSchemas;
