/**
 * The bounded shapes every request's input is built from: keys, paths, names and the other
 * fields main accepts from the renderer. requestSchemas (schemas.ts) assembles them per request.
 */
import { z } from 'zod';
import { policyTypes } from '../models/access';

export const MAX_KEY_BYTES = 1024;
export const MAX_PATH = 4096;
export const MAX_ITEMS = 100_000;
export const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

export const id = z.string().min(1).max(128);
export const profileName = z.string().min(1).max(256);
/** AWS bucket names are 3–63 chars; legacy us-east-1 buckets go up to 255. */
export const bucket = z.string().min(3).max(255);
export const key = z
  .string()
  .min(1)
  .refine((k) => utf8Length(k) <= MAX_KEY_BYTES, {
    message: 'S3 keys are at most 1,024 bytes',
  });
export const prefix = z.string().refine((k) => utf8Length(k) <= MAX_KEY_BYTES, {
  message: 'S3 prefixes are at most 1,024 bytes',
});
export const localPath = z.string().min(1).max(MAX_PATH);
export const accountId = z.string().regex(/^\d{12}$/, 'an account ID is 12 digits');
export const roleName = z.string().regex(/^[\w+=,.@/-]{1,64}$/, 'not a valid IAM role name');
export const duration = z.number().int().min(900).max(43_200);
export const sessionName = z.string().regex(/^[\w+=,.@-]{2,64}$/, 'not a valid role session name');
export const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region name');
export const mfaSerial = z.string().min(9).max(256);

export const empty = z.strictObject({});
/** An sso-session name or a legacy start URL, as main listed it. */
export const ssoLoginId = z.string().min(1).max(2048);
export const ssoLoginRef = z.strictObject({ loginId: ssoLoginId });
/** Permission set names: up to 32 of these characters; the portal's role names follow them. */
export const ssoRole = z.strictObject({
  loginId: ssoLoginId,
  accountId,
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'not a valid role name'),
});
/** An IAM Identity Center account and role, as the transfer journal records a session opened from one. */
export const ssoRoleSchema = ssoRole;
export const sessionRef = z.strictObject({ sessionId: id });
export const ids = z.strictObject({ ids: z.array(id).max(MAX_ITEMS).optional() });

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

export const arnText = z.string().max(2048);
/** A denial the renderer got from main, sent back to be explained: bounded, never trusted. */
export const accessDenial = z.strictObject({
  form: z.enum(['enriched', 'plain', 'not-authorized']),
  principal: arnText.optional(),
  action: z.string().max(256).optional(),
  resource: arnText.optional(),
  policyType: z.enum(policyTypes).optional(),
  explicit: z.boolean().optional(),
  policyArn: arnText.optional(),
  through: z.enum(policyTypes).optional(),
  assumeRole: z
    .strictObject({ profile: profileName, externalIdSent: z.boolean(), mfaSent: z.boolean() })
    .optional(),
  passedRole: z
    .strictObject({ call: z.string().max(256), roleArn: arnText, service: z.string().max(256) })
    .optional(),
  raw: z.string().max(8192),
});
export const versionId = z.string().min(1).max(1024);
/** A key relative to a compared location (a whole key at most). */
export const relativeKey = key;
export const MAX_DEEP_CHECK = 100;
/** A window shows a few dozen rows at once: a slice this big is a screenful many times over. */
export const MAX_COMPARE_ROWS = 500;
export const compareLocation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('s3'), sessionId: id, bucket, prefix }),
  z.strictObject({ kind: z.literal('local'), path: localPath }),
]);
/** Header values travel as HTTP headers: printable ASCII only (RFC 8187 encodes the rest). */
export const printable = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[\x20-\x7e]*$/, 'use printable ASCII characters only');
export const headerValue = printable(1024).nullable().optional();
export const metadataKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'a metadata key is letters, digits and - _ . only');
export const tagKey = z.string().min(1).max(128);
export const tagValue = z.string().max(256);
export const MAX_PATCH_ENTRIES = 64;
export const mapPatch = <K extends z.ZodString, V extends z.ZodType<string>>(k: K, v: V) =>
  z.strictObject({
    set: z.record(k, v).refine((r) => Object.keys(r).length <= MAX_PATCH_ENTRIES, 'too many entries'),
    remove: z.array(k).max(MAX_PATCH_ENTRIES),
    replaceAll: z.boolean(),
  });
/** Printable, so a name reads the same in the sidebar, a link and the address bar. */
export const bookmarkName = z
  .string()
  .trim()
  .min(1, 'a bookmark needs a name')
  .max(120)
  .regex(/^[^\p{Cc}]*$/u, 'a bookmark name has no control characters');
export const folderPrefix = prefix.refine((p) => p === '' || p.endsWith('/'), {
  message: 'a folder prefix ends in "/"',
});

/** One member per session kind; an SSO account/role member joins here when that kind exists. */
export const bookmarkSessionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('profile'), profile: profileName }),
  z.strictObject({ kind: z.literal('adhoc'), role: adhocRoleSchema }),
]);

export const bookmarkLocation = { bucket, prefix: folderPrefix, key: key.optional() };
export const keyInFolder = (b: { prefix: string; key?: string | undefined }): boolean =>
  b.key === undefined || (b.key.startsWith(b.prefix) && !b.key.slice(b.prefix.length).includes('/'));
export const keyInFolderMessage = { message: 'the bookmarked object must be in the bookmarked folder' };

/** A stored bookmark: what the bookmarks file and an import must hold, entry by entry. */
export const bookmarkSchema = z
  .strictObject({ id, name: bookmarkName, session: bookmarkSessionSchema, ...bookmarkLocation })
  .refine(keyInFolder, keyInFolderMessage);

/** The dialog's choices for a Batch Operations hand-off: which account runs the job, where its manifest goes. */
export const handOffChoices = {
  jobSide: z.enum(['source', 'target']),
  manifestBucket: bucket,
  manifestPrefix: folderPrefix,
};
/** S3 Control job ids: letters, digits and dashes. */
export const batchJobId = z.string().regex(/^[\w-]{1,64}$/, 'not a Batch Operations job id');

export const selection = {
  sessionId: id,
  bucket,
  keys: z.array(key).max(MAX_ITEMS),
  prefixes: z.array(prefix).max(MAX_ITEMS),
};
