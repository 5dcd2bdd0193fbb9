import type { ObjectEntry } from '../../../shared/models/s3';
import { parseS3Address } from '../../../shared/s3-address/parse';

export interface Location {
  /** Absent: the session's bucket list. */
  readonly bucket?: string;
  /** '' or a prefix ending in '/'. Kept byte-for-byte as S3 has it. */
  readonly prefix: string;
}

export const ROOT: Location = { prefix: '' };

/**
 * Reads any S3 address form (see shared/s3-address) as a folder: a key typed without its
 * trailing `/` is taken as a folder. For dialogs that want a destination folder; the address
 * bar goes further and tells objects from folders (go-to-address.ts).
 */
export function parseAddress(input: string): Location {
  const parsed = parseS3Address(input);
  if (parsed.type !== 'address') return ROOT;
  const { bucket, key } = parsed.address;
  return { bucket, prefix: key === '' || key.endsWith('/') ? key : `${key}/` };
}

export function formatAddress(location: Location): string {
  return location.bucket === undefined ? '' : `s3://${location.bucket}/${location.prefix}`;
}

export function sameLocation(a: Location, b: Location): boolean {
  return a.bucket === b.bucket && a.prefix === b.prefix;
}

/** The parent folder; the bucket root's parent is the bucket list. */
export function parentOf(location: Location): Location {
  if (location.bucket === undefined) return ROOT;
  if (location.prefix === '') return ROOT;
  const trimmed = location.prefix.slice(0, -1);
  const slash = trimmed.lastIndexOf('/');
  return { bucket: location.bucket, prefix: slash === -1 ? '' : trimmed.slice(0, slash + 1) };
}

/** One crumb per folder level; an empty segment (from `a//b/`) is a real folder too. */
export function crumbsOf(prefix: string): readonly { readonly label: string; readonly prefix: string }[] {
  if (prefix === '') return [];
  const segments = prefix.slice(0, -1).split('/');
  let acc = '';
  return segments.map((segment) => {
    acc += `${segment}/`;
    return { label: segment, prefix: acc };
  });
}

/** The part of the key below the current folder, as shown in the Name column. */
export function nameOf(entry: ObjectEntry, prefix: string): string {
  const rest = entry.key.startsWith(prefix) ? entry.key.slice(prefix.length) : entry.key;
  return entry.kind === 'folder' ? rest.slice(0, -1) : rest;
}

/** Shown in place of an empty name so the row is not blank; the key itself is untouched. */
export const EMPTY_NAME_LABEL = '(empty name)';
