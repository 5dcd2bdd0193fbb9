import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppFailure } from '../../shared/errors/app-error';
import type { EnqueueSummary } from '../../shared/ipc/contract';
import type { TransferSnapshot, TransferStatus } from '../../shared/models/transfer';
import { toSafeRelativePath } from '../transfers/safe-name';
import type { DownloadRequest } from '../transfers/transfer-queue';

/** What drag-out needs of the transfer queue: its public API only. */
export interface DragOutQueue {
  enqueueDownload(request: DownloadRequest & { readonly transient?: boolean }): Promise<EnqueueSummary>;
  snapshot(): TransferSnapshot;
  retry(ids: readonly string[]): void;
}

export interface DragOutDeps {
  readonly queue: DragOutQueue;
  /** Calls back whenever the queue's items change (its transfersChanged events). */
  readonly onQueueChange: (listener: () => void) => () => void;
  /** Where temporary folders go; the OS temp folder by default. */
  readonly tempRoot?: string;
  readonly now?: () => number;
}

export interface DragSelection {
  readonly sessionId: string;
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
}

export interface PreparedDrag {
  readonly dragId: string;
  /** Files and folders that will be handed to the OS, by name. */
  readonly items: number;
  readonly notices: readonly string[];
}

interface Prepared {
  readonly selection: string;
  readonly dir: string;
  readonly at: number;
  readonly files: readonly string[];
}

/**
 * A drag whose download failed or was cancelled. Its items stay in the transfers panel, where
 * Retry writes into `dir` again, so the folder is kept for them until they are done (then the
 * drag counts as prepared) or cleared from the panel (then it goes).
 */
interface Unfinished {
  readonly dir: string;
  readonly jobId: string;
  /** How many items the job had: fewer in the panel means some were cleared away. */
  readonly items: number;
}

/** A prepared drag is reused for a second try this long; after that the objects may have changed. */
const REUSE_MS = 10 * 60 * 1000;
/** Older prepared folders are deleted when more are made: a drop may still be copying from the newest. */
const KEEP_PREPARED = 4;
const settled: ReadonlySet<TransferStatus> = new Set(['done', 'skipped', 'failed', 'cancelled']);
const retryable: ReadonlySet<TransferStatus> = new Set(['failed', 'cancelled']);

const selectionKey = (s: DragSelection): string =>
  JSON.stringify([s.sessionId, s.bucket, [...s.keys].sort(), [...s.prefixes].sort()]);

/** The folder a selected prefix becomes: its last segment, made safe as the download makes it. */
const folderName = (prefix: string): string | undefined => {
  const segment = prefix.replace(/\/$/, '').split('/').pop() ?? '';
  return toSafeRelativePath(segment)?.relative;
};

/**
 * Dragging rows out to the desktop or a file manager. The OS takes files that exist, so main
 * first downloads the selection, through the transfer queue (progress in the transfers panel,
 * pause, retry and expiry as for any download), into a temporary folder only main knows; then
 * hands its top-level files and folders to the OS drag. Folders drag as folders.
 */
export class DragOutService {
  readonly #deps: DragOutDeps;
  readonly #now: () => number;
  readonly #prepared = new Map<string, Prepared>();
  readonly #preparing = new Map<string, Promise<PreparedDrag>>();
  /** By selection key. */
  readonly #unfinished = new Map<string, Unfinished>();
  readonly #stopReview: () => void;
  #root: Promise<string> | undefined;

  constructor(deps: DragOutDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#stopReview = deps.onQueueChange(() => void this.#review());
  }

  /**
   * Downloads the selection (or finds it still prepared) and resolves once every file is
   * there. A drag that failed before is retried in place, into the folder its items write to.
   */
  prepare(selection: DragSelection): Promise<PreparedDrag> {
    const key = selectionKey(selection);
    const running = this.#preparing.get(key);
    if (running) return running;
    const work = this.#reuse(key).then(
      async (found) => found ?? (await this.#retry(key)) ?? this.#download(key, selection),
    );
    this.#preparing.set(key, work);
    return work.finally(() => this.#preparing.delete(key));
  }

  /** The paths to hand to the OS drag; only ever ones main prepared itself. */
  files(dragId: string): readonly string[] {
    const prepared = this.#prepared.get(dragId);
    if (!prepared) {
      throw new AppFailure('not-found', 'Those files are no longer prepared; drag the rows again.', {
        details: { dragId },
      });
    }
    return prepared.files;
  }

  /** Removes every temporary folder; the app is quitting. */
  async dispose(): Promise<void> {
    this.#stopReview();
    const root = await this.#root?.catch(() => undefined);
    this.#prepared.clear();
    this.#unfinished.clear();
    if (root) await rm(root, { recursive: true, force: true });
  }

  async #reuse(key: string): Promise<PreparedDrag | undefined> {
    for (const [dragId, prepared] of this.#prepared) {
      if (prepared.selection !== key || this.#now() - prepared.at > REUSE_MS) continue;
      const present = await Promise.all(
        prepared.files.map((f) =>
          stat(f).then(
            () => true,
            () => false,
          ),
        ),
      );
      if (present.every(Boolean)) return { dragId, items: prepared.files.length, notices: [] };
    }
    return undefined;
  }

  async #download(key: string, selection: DragSelection): Promise<PreparedDrag> {
    this.#root ??= mkdtemp(join(this.#deps.tempRoot ?? tmpdir(), 'crossbucket-drag-'));
    const dragId = randomUUID();
    const dir = join(await this.#root, dragId);
    await mkdir(dir, { recursive: true });
    let summary: EnqueueSummary;
    try {
      // An empty folder still drags as a folder.
      for (const prefix of selection.prefixes) {
        const name = folderName(prefix);
        if (name) await mkdir(join(dir, name), { recursive: true });
      }
      // Not journaled: its folder is removed when the app quits, so there is nothing to resume.
      summary = await this.#deps.queue.enqueueDownload({ ...selection, targetDir: dir, transient: true });
    } catch (err) {
      // Nothing was queued, so nothing can write here later.
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const unfinished = { dir, jobId: summary.jobId, items: summary.items };
    return this.#finish(key, dragId, unfinished, summary.notices);
  }

  /**
   * A second drag of a selection whose download failed: retries its failed or cancelled items
   * where they stopped (or waits for a retry already under way in the transfers panel).
   * Undefined when there is nothing to retry and the drag has to start afresh.
   */
  async #retry(key: string): Promise<PreparedDrag | undefined> {
    await this.#review();
    const left = this.#unfinished.get(key);
    if (!left) return this.#reuse(key);
    this.#unfinished.delete(key);
    const again = this.#items(left.jobId).filter((i) => retryable.has(i.status));
    if (again.length > 0) this.#deps.queue.retry(again.map((i) => i.id));
    return this.#finish(key, basename(left.dir), left, []);
  }

  /** Waits for the job; prepared once every item is done, else kept for a retry and rejected. */
  async #finish(
    key: string,
    dragId: string,
    job: Unfinished,
    notices: readonly string[],
  ): Promise<PreparedDrag> {
    try {
      await this.#settled(job.jobId);
    } catch (err) {
      this.#unfinished.set(key, job);
      throw err;
    }
    const prepared = await this.#promote(key, dragId, job.dir);
    return { dragId, items: prepared.files.length, notices };
  }

  /** Records a folder whose download finished as prepared; an empty one is removed instead. */
  async #promote(key: string, dragId: string, dir: string): Promise<Prepared> {
    const files = (await readdir(dir)).sort().map((name) => join(dir, name));
    if (files.length === 0) {
      await rm(dir, { recursive: true, force: true });
      throw new AppFailure('not-found', 'There was nothing to drag: the selection is empty.');
    }
    const prepared = { selection: key, dir, at: this.#now(), files };
    this.#prepared.set(dragId, prepared);
    await this.#evict();
    return prepared;
  }

  /**
   * Follows the items of unfinished drags in the transfers panel: once a retry there has
   * downloaded every one, the drag is prepared; once some were cleared away, the folder goes,
   * since nothing can write to it any more.
   */
  async #review(): Promise<void> {
    for (const [key, job] of this.#unfinished) {
      if (this.#preparing.has(key)) continue;
      const items = this.#items(job.jobId);
      if (!items.every((i) => settled.has(i.status))) continue;
      if (items.length === job.items && items.every((i) => !retryable.has(i.status))) {
        this.#unfinished.delete(key);
        await this.#promote(key, basename(job.dir), job.dir).catch(() => undefined);
      } else if (items.length < job.items) {
        this.#unfinished.delete(key);
        await rm(job.dir, { recursive: true, force: true });
      }
    }
  }

  #items(jobId: string) {
    return this.#deps.queue.snapshot().items.filter((i) => i.jobId === jobId);
  }

  /** Resolves when every item of the job is done; rejects with the first failure or a cancel. */
  #settled(jobId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const items = this.#items(jobId);
        if (!items.every((i) => settled.has(i.status))) return;
        stop();
        const failed = items.find((i) => i.status === 'failed');
        if (failed) {
          reject(
            new AppFailure(
              failed.error?.code ?? 'internal',
              `Could not prepare ${failed.source} for dragging: ${failed.error?.message ?? 'it failed'}`,
              {
                hints: [
                  ...(failed.error?.hints ?? []),
                  'Drag the rows again (or Retry in Transfers) to try once more; what was downloaded is kept.',
                ],
              },
            ),
          );
        } else if (items.some((i) => i.status === 'cancelled')) {
          reject(new AppFailure('cancelled', 'The drag was cancelled in the transfers panel.'));
        } else {
          resolve();
        }
      };
      const stop = this.#deps.onQueueChange(check);
      check();
    });
  }

  async #evict(): Promise<void> {
    const oldest = [...this.#prepared.entries()].sort(([, a], [, b]) => a.at - b.at);
    for (const [dragId, prepared] of oldest.slice(0, Math.max(0, oldest.length - KEEP_PREPARED))) {
      this.#prepared.delete(dragId);
      await rm(prepared.dir, { recursive: true, force: true });
    }
  }
}
