import { resolve } from 'node:path';
import type {
  CheckpointState,
  Job,
  Outcome,
  Place,
  TaskProgress,
  TaskState,
  Tuning,
} from '../../../shared/engine/protocol';
import { applyDelta } from '../../../shared/engine/record-delta';
import type { MultipartState, PartCopyRecord, TaskRecord } from '../../../shared/engine/records';
import { AppFailure } from '../../../shared/errors/app-error';
import type { RetryNotice, Verification } from '../../../shared/models/transfer';
import { type ExistingTarget, TargetAppeared, type TransferTask } from '../transfer-task';
import type { EngineClient, EngineTaskView } from './engine-client';

const finishedBytes = (multipart: MultipartState | undefined): number => {
  const upload = multipart?.upload;
  if (!upload) return 0;
  return upload.done.reduce((sum, part) => sum + (upload.parts[part.n - 1] ?? 0), 0);
};

const sourceOf = (r: TaskRecord): string =>
  r.kind === 'upload'
    ? r.localPath
    : r.kind === 'download'
      ? `s3://${r.bucket}/${r.key}`
      : `s3://${r.from.bucket}/${r.from.key}`;

/** The parts an UploadPartCopy finished, as bytes. */
const copiedBytes = (upload: PartCopyRecord | undefined): number =>
  (upload?.done ?? []).reduce((sum, part) => sum + (upload?.parts[part.n - 1] ?? 0), 0);

/** The target a record names, before the engine said otherwise (display only: the engine checks paths). */
const targetOf = (r: TaskRecord): string => {
  if (r.kind === 'upload') return `s3://${r.bucket}/${r.key}`;
  if (r.kind === 'copy' || r.kind === 'server-copy') return `s3://${r.to.bucket}/${r.to.key}`;
  return resolve(r.targetDir, ...r.current.split('/'));
};

/** What the record says was finished: the bytes shown before the engine reports any. */
const doneOf = (r: TaskRecord): number => {
  if (r.kind === 'server-copy') return copiedBytes(r.upload);
  if (r.kind !== 'download') return finishedBytes(r.multipart);
  return (r.done ?? []).reduce((sum, n) => sum + (r.ranges?.[n - 1] ?? 0), 0);
};

const totalOf = (r: TaskRecord): number =>
  r.kind === 'upload'
    ? r.size
    : r.kind === 'copy' || r.kind === 'server-copy'
      ? (r.from.size ?? 0)
      : (r.object?.size ?? r.size ?? 0);

const asleep = (): never => {
  throw new AppFailure('internal', 'An interrupted transfer runs only once its session is open again.');
};

/**
 * One file's transfer as the queue sees it, while the engine does the work: it mirrors the state
 * the engine reports (bytes, target, retries, the record the journal keeps) and forwards each
 * operation. Read back from the journal it is unbound until its sessions are open again: it shows
 * what its record says and runs nothing.
 */
export class ProxyTask implements TransferTask, EngineTaskView {
  readonly source: string;
  readonly retries = {
    current: (): RetryNotice | undefined => this.#progress?.retry,
    used: (): number => this.#progress?.retriesUsed ?? 0,
  };
  #record: TaskRecord;
  /** The number the engine gave #record (0: the record it was opened with); deltas name it. */
  #seq = 0;
  #target: string | undefined;
  #progress: TaskProgress | undefined;
  #restartReason: string | undefined;
  #verification: Verification | undefined;
  #places: readonly Place[] | undefined;

  /**
   * `places`: how its sessions reach its buckets; absent while it waits for them (see `bind`).
   * `resumed`: the record comes from an earlier run of the app, which may have finished it.
   */
  constructor(
    readonly taskId: string,
    private readonly engine: EngineClient,
    private readonly tuning: () => Tuning,
    record: TaskRecord,
    places?: readonly Place[],
    private resumed = false,
  ) {
    this.#record = record;
    this.#places = places;
    this.source = sourceOf(record);
  }

  get bound(): boolean {
    return this.#places !== undefined;
  }

  /** Its sessions are open again (in the queue's order: written to, then read from). */
  bind(sessionIds: readonly string[]): void {
    this.#places = this.engine.placesFor(this.#record, sessionIds);
  }

  /** The multipart upload it left in S3, which only its session can abort. */
  upload(): { readonly bucket: string; readonly key: string; readonly uploadId: string } | undefined {
    const r = this.#record;
    if (r.kind === 'download') return undefined;
    const uploadId = r.kind === 'server-copy' ? r.upload?.uploadId : r.multipart?.upload?.uploadId;
    if (uploadId === undefined) return undefined;
    return r.kind === 'upload'
      ? { bucket: r.bucket, key: r.key, uploadId }
      : { bucket: r.to.bucket, key: r.to.key, uploadId };
  }

  job(): Job {
    // A task opened again (after the engine restarted) takes up what its last checkpoint said.
    const job = { record: this.#record, resumed: this.resumed, places: [...(this.#places ?? [])] };
    this.resumed = true;
    this.#seq = 0;
    return job;
  }

  update(state: TaskProgress | TaskState): void {
    this.#progress = state;
    if ('record' in state) {
      this.#record = state.record;
      this.#target = state.target;
      this.#restartReason = state.restartReason;
      this.#verification = state.verification;
    }
  }

  checkpointed(seq: number, state: CheckpointState): boolean {
    if ('record' in state) {
      // A whole record older than the one held (messages out of order) must not take its place.
      if (seq <= this.#seq) return true;
      this.#seq = seq;
      this.update(state);
      return true;
    }
    const { delta, ...rest } = state;
    const record = delta.after === this.#seq ? applyDelta(this.#record, delta) : undefined;
    if (!record) return false;
    this.#seq = seq;
    this.update({ ...rest, record });
    return true;
  }

  target(): string {
    return this.#target ?? targetOf(this.#record);
  }

  bytesTotal(): number {
    return this.#progress?.bytesTotal ?? totalOf(this.#record);
  }

  bytesDone(): number {
    return this.#progress?.bytesDone ?? doneOf(this.#record);
  }

  async findExisting(signal: AbortSignal): Promise<ExistingTarget | undefined> {
    return (await this.#call('findExisting', signal)).existing;
  }

  async keepBoth(signal: AbortSignal): Promise<void> {
    await this.#call('keepBoth', signal);
  }

  async run(signal: AbortSignal, mayReplace: boolean): Promise<void> {
    await this.#call('run', signal, mayReplace);
    // Nothing of a finished transfer is left to resume: the engine may forget it.
    this.engine.close(this.taskId);
  }

  async discard(): Promise<void> {
    // Unbound, only a download's temporary file is left on this disk; a multipart upload in S3
    // waits for its session (the queue keeps the abort in the journal).
    if (!this.bound && this.#record.kind !== 'download') return;
    await this.#call('discard');
  }

  checkpoint(): TaskRecord {
    return this.#record;
  }

  restartReason(): string | undefined {
    return this.#restartReason;
  }

  verification(): Verification | undefined {
    return this.#verification;
  }

  async #call(
    op: 'run' | 'findExisting' | 'keepBoth' | 'discard',
    signal?: AbortSignal,
    mayReplace = false,
  ): Promise<Extract<Outcome, { ok: true }>> {
    if (!this.bound && op !== 'discard') asleep();
    const outcome = await this.engine.call(this, op, this.tuning(), signal, mayReplace);
    if (outcome.ok) return outcome;
    if (outcome.appeared) throw new TargetAppeared(this.target());
    const { code, message, ...extra } = outcome.error;
    throw new AppFailure(code, message, extra as ConstructorParameters<typeof AppFailure>[2]);
  }
}
