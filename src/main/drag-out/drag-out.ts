import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnqueueSummary } from '../../shared/ipc/contract';
import type { TransferSnapshot, TransferStatus } from '../../shared/models/transfer';
import { AppFailure } from '../errors/app-error';
import { toSafeRelativePath } from '../transfers/safe-path';
import type { DownloadRequest } from '../transfers/transfer-queue';

/** What drag-out needs of the transfer queue: its public API only. */
export interface DragOutQueue {
  enqueueDownload(request: DownloadRequest & { readonly transient?: boolean }): Promise<EnqueueSummary>;
  snapshot(): TransferSnapshot;
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

/** A prepared drag is reused for a second try this long; after that the objects may have changed. */
const REUSE_MS = 10 * 60 * 1000;
/** Older prepared folders are deleted when more are made: a drop may still be copying from the newest. */
const KEEP_PREPARED = 4;
const settled: ReadonlySet<TransferStatus> = new Set(['done', 'skipped', 'failed', 'cancelled']);

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
  #root: Promise<string> | undefined;

  constructor(deps: DragOutDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Downloads the selection (or finds it still prepared) and resolves once every file is there. */
  prepare(selection: DragSelection): Promise<PreparedDrag> {
    const key = selectionKey(selection);
    const running = this.#preparing.get(key);
    if (running) return running;
    const work = this.#reuse(key).then((found) => found ?? this.#download(key, selection));
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
    const root = await this.#root?.catch(() => undefined);
    this.#prepared.clear();
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
    try {
      // An empty folder still drags as a folder.
      for (const prefix of selection.prefixes) {
        const name = folderName(prefix);
        if (name) await mkdir(join(dir, name), { recursive: true });
      }
      // Not journaled: its folder is removed when the app quits, so there is nothing to resume.
      const summary = await this.#deps.queue.enqueueDownload({
        ...selection,
        targetDir: dir,
        transient: true,
      });
      if (summary.items > 0) await this.#settled(summary.jobId);
      const files = (await readdir(dir)).sort().map((name) => join(dir, name));
      if (files.length === 0)
        throw new AppFailure('not-found', 'There was nothing to drag: the selection is empty.');
      this.#prepared.set(dragId, { selection: key, dir, at: this.#now(), files });
      await this.#evict();
      return { dragId, items: files.length, notices: summary.notices };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Resolves when every item of the job is done; rejects with the first failure or a cancel. */
  #settled(jobId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const items = this.#deps.queue.snapshot().items.filter((i) => i.jobId === jobId);
        if (!items.every((i) => settled.has(i.status))) return;
        stop();
        const failed = items.find((i) => i.status === 'failed');
        if (failed) {
          reject(
            new AppFailure(
              failed.error?.code ?? 'internal',
              `Could not prepare ${failed.source} for dragging: ${failed.error?.message ?? 'it failed'}`,
              {
                ...(failed.error?.hints ? { hints: failed.error.hints } : {}),
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
