/**
 * What the preview, the edit dialogs, archive restores and version actions exchange with main.
 * Object bytes cross as base64 text: the browser bridge carries JSON, and one shape for both
 * shells keeps the contract honest. Main caps every payload (see src/main/objects/preview).
 */
import type { AppError } from './errors';
import type { ObjectEntry } from './s3';

const KiB = 1024;
const MiB = 1024 * KiB;

/** The preview's limits: what one request carries and how far "load more" may go. */
export const PREVIEW_LIMITS = {
  textPage: 1 * MiB,
  hexPage: 64 * KiB,
  maxText: 16 * MiB,
  maxHex: 1 * MiB,
  maxImage: 10 * MiB,
} as const;

/** How the preview shows what it fetched; decided in main from the bytes, not the Content-Type. */
export type PreviewKind = 'text' | 'image' | 'hex' | 'empty';

/** For text: how the renderer lays it out. Everything is text; nothing is ever rendered as markup. */
export type TextFormat = 'plain' | 'json' | 'csv' | 'tsv' | 'markdown' | 'html' | 'xml' | 'svg';

/** The image types the preview draws, always from a blob the page made, always in an `<img>`. */
export const previewImageTypes = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/svg+xml',
] as const;
export type PreviewImageType = (typeof previewImageTypes)[number];

/** `auto` sniffs; `text` and `hex` are what the user asked to see instead. */
export type PreviewMode = 'auto' | 'text' | 'hex';

export interface PreviewChunk {
  readonly kind: PreviewKind;
  readonly format?: TextFormat;
  /** For images: the type the bytes were recognised as (never copied from S3's Content-Type). */
  readonly imageType?: PreviewImageType;
  /** For text. */
  readonly text?: string;
  /** For images and hex: the bytes, base64. */
  readonly base64?: string;
  /** Where this chunk starts, in the shown (decompressed) bytes. */
  readonly offset: number;
  /** Where "load more" continues; absent at the end or at the preview's cap. */
  readonly nextOffset?: number;
  /** The object's size as stored. */
  readonly objectBytes: number;
  /** The content was gzip-compressed and was decompressed in main. */
  readonly gunzipped?: boolean;
  /** The preview stopped at its size cap before the end. */
  readonly capped?: boolean;
  /** S3's Content-Type, shown for information only. */
  readonly contentType?: string;
  /** Why the preview looks the way it does (an image too large, a cap reached). */
  readonly note?: string;
}

export const storageClasses = [
  'STANDARD',
  'INTELLIGENT_TIERING',
  'STANDARD_IA',
  'ONEZONE_IA',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;
export type StorageClassName = (typeof storageClasses)[number];

/** Storage classes whose objects must be restored before they can be read or copied. */
export const archiveClasses: readonly string[] = ['GLACIER', 'DEEP_ARCHIVE'];

/**
 * A change to the system-defined headers: a string sets the header, `null` removes it,
 * absent leaves it as each object has it.
 */
export interface HeaderPatch {
  readonly contentType?: string | null;
  readonly cacheControl?: string | null;
  readonly contentDisposition?: string | null;
  readonly contentEncoding?: string | null;
  readonly contentLanguage?: string | null;
}

/** A change to a string map (user metadata or tags): `replaceAll` drops what is not in `set`. */
export interface MapPatch {
  readonly set: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
  readonly replaceAll: boolean;
}

export interface EditSummary {
  /** Objects that were rewritten or re-tagged. */
  readonly changed: number;
  /** Objects that already were as asked. */
  readonly unchanged: number;
  readonly failed: readonly { readonly key: string; readonly error: AppError }[];
}

export const restoreTiers = ['Expedited', 'Standard', 'Bulk'] as const;
export type RestoreTier = (typeof restoreTiers)[number];

export interface RestoreSummary {
  readonly started: number;
  /** Objects that need no restore or are already being restored, with the reason. */
  readonly skipped: readonly { readonly key: string; readonly reason: string }[];
  readonly failed: readonly { readonly key: string; readonly error: AppError }[];
}

/** The `x-amz-restore` header, read: a restore running, or a restored copy until a date. */
export interface RestoreStatus {
  readonly ongoing: boolean;
  readonly expiresAt?: string;
}

export interface DeletedListing {
  /** Objects whose current version is a delete marker, and folders only older versions hold. */
  readonly entries: readonly ObjectEntry[];
  /** The scan stopped at its limit before the end of the prefix. */
  readonly truncated: boolean;
  readonly versioning: 'Enabled' | 'Suspended' | 'Off';
}

export interface UndeleteSummary {
  readonly restored: number;
  readonly failed: readonly { readonly key: string; readonly error: AppError }[];
}
