import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { toAppError } from '../../shared/errors/to-app-error';
import type { ObjectEntry } from '../../shared/models/s3';
import { systemClock } from '../../shared/transfers/clock';
import { withRetry } from '../../shared/transfers/retry';
import type { EventSink } from '../events/event-sink';
import { bucketArn } from './arns';
import type { S3ClientPool } from './client-pool';

const PAGE_SIZE = 1000;

export interface ListingRequest {
  readonly sessionId: string;
  readonly bucket: string;
  /** The "folder" being shown: '' or a prefix ending in '/'. */
  readonly prefix: string;
  /** A filter typed by the user, matched server-side as a continuation of the prefix. */
  readonly startsWith?: string;
}

/** Folders first (as the UI shows them), then objects; the folder's own placeholder is not an entry. */
export const entriesOf = (out: ListObjectsV2CommandOutput, prefix: string): ObjectEntry[] => {
  const folders: ObjectEntry[] = (out.CommonPrefixes ?? []).flatMap((p) =>
    p.Prefix ? [{ kind: 'folder' as const, key: p.Prefix }] : [],
  );
  const objects: ObjectEntry[] = (out.Contents ?? []).flatMap((o) => {
    if (o.Key === undefined || (o.Key === prefix && !o.Size)) return [];
    return [
      {
        kind: 'object' as const,
        key: o.Key,
        size: o.Size ?? 0,
        ...(o.LastModified ? { lastModified: o.LastModified.toISOString() } : {}),
        ...(o.StorageClass ? { storageClass: o.StorageClass } : {}),
        ...(o.ETag ? { etag: o.ETag } : {}),
      },
    ];
  });
  return [...folders, ...objects];
};

/**
 * Streams a prefix's entries page by page as `listingPage` events, so a folder with a
 * million keys shows its first thousand at once. Each listing runs until done or cancelled.
 */
export class ListingService {
  readonly #pool: S3ClientPool;
  readonly #sink: EventSink;
  readonly #active = new Map<string, AbortController>();

  constructor(pool: S3ClientPool, sink: EventSink) {
    this.#pool = pool;
    this.#sink = sink;
  }

  start(request: ListingRequest): string {
    const listingId = randomUUID();
    const controller = new AbortController();
    this.#active.set(listingId, controller);
    void this.#run(listingId, request, controller.signal).finally(() => this.#active.delete(listingId));
    return listingId;
  }

  /** Aborts the request in flight; no further page is requested or emitted for this listing. */
  cancel(listingId: string): void {
    this.#active.get(listingId)?.abort();
    this.#active.delete(listingId);
  }

  async #run(listingId: string, request: ListingRequest, signal: AbortSignal): Promise<void> {
    const { sessionId, bucket, prefix, startsWith } = request;
    let keysLoaded = 0;
    let token: string | undefined;
    try {
      do {
        const pageToken = token;
        // A page lost to a dropped connection or a 503 burst is asked for again, not the listing failed.
        const out = await withRetry(
          () =>
            this.#pool.withBucket(sessionId, bucket, (client) =>
              client.send(
                new ListObjectsV2Command({
                  Bucket: bucket,
                  Prefix: prefix + (startsWith ?? ''),
                  Delimiter: '/',
                  MaxKeys: PAGE_SIZE,
                  ContinuationToken: pageToken,
                }),
                { abortSignal: signal },
              ),
            ),
          { clock: systemClock, signal },
        );
        if (signal.aborted) return;
        const entries = entriesOf(out, prefix);
        keysLoaded += entries.length;
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
        this.#sink.emit('listingPage', { listingId, entries, keysLoaded, done: !token });
        // The sink may have cancelled synchronously (the user left the folder).
      } while (token && !signal.aborted);
    } catch (err) {
      if (signal.aborted) return;
      const error = toAppError(err, { action: 's3:ListBucket', resource: bucketArn(bucket) });
      this.#sink.emit('listingPage', { listingId, entries: [], keysLoaded, done: true, error });
    }
  }
}
