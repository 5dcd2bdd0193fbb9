import type { Verification } from '../models/transfer';
import type { ExistingTarget } from './protocol';
import type { TaskRecord } from './records';

/**
 * One file's transfer. A task keeps what it finished (parts, ranges) across interrupted runs, so
 * the queue can pause it, or park it while credentials are renewed, and run it again. The engine's
 * tasks do the work (src/engine/transfers); main's queue drives proxies of them
 * (src/main/transfers/engine-link/proxy-task.ts). `Retries` is what each side keeps of the retries.
 */
export interface TransferTaskOf<Retries> {
  readonly source: string;
  /** Every retry the task's requests needed, for the transfer row. */
  readonly retries: Retries;
  /** The target for display; changes when "keep both" picks another name. */
  target(): string;
  bytesTotal(): number;
  /** Bytes finished plus those of parts in flight; in-flight bytes are dropped when a run is interrupted. */
  bytesDone(): number;
  /** Undefined when nothing would be replaced (or replacing cannot matter, as for folder markers). */
  findExisting(signal: AbortSignal): Promise<ExistingTarget | undefined>;
  /** Moves the target to the next free `name (n).ext`. */
  keepBoth(signal: AbortSignal): Promise<void>;
  /**
   * `mayReplace`: the user chose to overwrite. Without it a task whose target appeared after
   * `findExisting` throws `TargetAppeared` rather than replace it.
   */
  run(signal: AbortSignal, mayReplace: boolean): Promise<void>;
  /** Frees what an unfinished run left behind: a multipart upload, a temporary file. */
  discard(): Promise<void>;
  /** What resuming it after a restart needs (the journal's record); never a secret. */
  checkpoint(): TaskRecord;
  /** Why work done before was thrown away (the source changed, the upload vanished), if it was. */
  restartReason(): string | undefined;
  /**
   * Once done, what its bytes were checked against, or why they could not be (downloads; see
   * download-verdict.ts). Tasks without it finish with nothing to say.
   */
  verification?(): Verification | undefined;
}

/** The target came into being after the conflict check; the queue checks (and asks) again. */
export class TargetAppeared extends Error {
  constructor(target: string) {
    super(`${target} appeared while the transfer ran`);
    this.name = 'TargetAppeared';
  }
}

export const MiB = 1024 * 1024;
