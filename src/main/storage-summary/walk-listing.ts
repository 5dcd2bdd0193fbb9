import { ListObjectsV2Command, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { systemClock } from '../../shared/transfers/clock';
import { withRetry } from '../../shared/transfers/retry';
import type { EntryFacts, SummaryTally } from './tally';

/** Runs one call against the bucket's client (its region; redirects followed). */
export type WithClient = <T>(fn: (client: S3Client) => Promise<T>) => Promise<T>;

/**
 * Keys are asked for URL-encoded: a key with a byte XML 1.0 cannot carry (a control character)
 * would otherwise fail the whole page. S3 encodes a space as `+`, as botocore decodes it.
 */
export function decodeKey(encoded: string): string {
  // Most keys need no decoding; a million of them should not each pay for it.
  if (!encoded.includes('%') && !encoded.includes('+')) return encoded;
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch {
    return encoded;
  }
}

export interface WalkOptions {
  readonly bucket: string;
  readonly prefix: string;
  /** Only keys directly in the prefix (a selection's loose objects), and only these. */
  readonly onlyKeys?: ReadonlySet<string>;
  readonly signal: AbortSignal;
  /** Called after each page; returning false stops the walk (the key limit). */
  readonly onPage: () => boolean;
}

const retrying = <T>(signal: AbortSignal, call: () => Promise<T>) =>
  withRetry(call, { clock: systemClock, signal });

/** One ListObjectsV2 walk without a delimiter: every current object under the prefix. */
export async function walkObjects(
  withClient: WithClient,
  tally: SummaryTally,
  o: WalkOptions,
): Promise<void> {
  let token: string | undefined;
  do {
    const pageToken = token;
    const out = await retrying(o.signal, () =>
      withClient((client) =>
        client.send(
          new ListObjectsV2Command({
            Bucket: o.bucket,
            Prefix: o.prefix,
            ...(o.onlyKeys ? { Delimiter: '/' } : {}),
            EncodingType: 'url',
            ContinuationToken: pageToken,
          }),
          { abortSignal: o.signal },
        ),
      ),
    );
    if (o.signal.aborted) return;
    for (const c of out.Contents ?? []) {
      if (c.Key === undefined) continue;
      const key = decodeKey(c.Key);
      if (o.onlyKeys && !o.onlyKeys.has(key)) continue;
      tally.addCurrent(facts(key, c.Size, c.StorageClass, c.LastModified));
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
    if (!o.onPage()) return;
  } while (token && !o.signal.aborted);
}

/** One ListObjectVersions walk: latest versions, noncurrent ones and delete markers. */
export async function walkVersions(
  withClient: WithClient,
  tally: SummaryTally,
  o: WalkOptions,
): Promise<void> {
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = markers;
    const out = await retrying(o.signal, () =>
      withClient((client) =>
        client.send(
          new ListObjectVersionsCommand({
            Bucket: o.bucket,
            Prefix: o.prefix,
            ...(o.onlyKeys ? { Delimiter: '/' } : {}),
            EncodingType: 'url',
            ...page,
          }),
          { abortSignal: o.signal },
        ),
      ),
    );
    if (o.signal.aborted) return;
    for (const v of out.Versions ?? []) {
      if (v.Key === undefined) continue;
      const key = decodeKey(v.Key);
      if (o.onlyKeys && !o.onlyKeys.has(key)) continue;
      const entry = facts(key, v.Size, v.StorageClass, v.LastModified);
      if (v.IsLatest) tally.addCurrent(entry);
      else tally.addNoncurrent(entry);
    }
    for (const m of out.DeleteMarkers ?? []) {
      if (m.Key === undefined) continue;
      const key = decodeKey(m.Key);
      if (o.onlyKeys && !o.onlyKeys.has(key)) continue;
      tally.addDeleteMarker({ key, ...(m.LastModified ? { lastModified: m.LastModified } : {}) });
    }
    if (!o.onPage() || !out.IsTruncated) return;
    // The markers are URL-encoded like the keys when EncodingType is url.
    markers = {
      ...(out.NextKeyMarker !== undefined ? { KeyMarker: decodeKey(out.NextKeyMarker) } : {}),
      ...(out.NextVersionIdMarker !== undefined ? { VersionIdMarker: out.NextVersionIdMarker } : {}),
    };
  }
}

const facts = (key: string, size?: number, storageClass?: string, lastModified?: Date): EntryFacts => ({
  key,
  size: size ?? 0,
  storageClass: storageClass ?? 'STANDARD',
  ...(lastModified ? { lastModified } : {}),
});
