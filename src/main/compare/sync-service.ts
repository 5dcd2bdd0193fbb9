import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { fail } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import { suggestsBatchOperations } from '../../shared/models/batch';
import type {
  CompareLocation,
  SyncPlanSummary,
  SyncReport,
  SyncReportEntry,
  SyncReportRow,
} from '../../shared/models/compare';
import type { CopyPlanItem, CopyPlanSides } from '../../shared/models/copy-plan';
import type { S3ClientPool } from '../s3/client-pool';
import type { PathGrants } from '../security/path-grants';
import type { TransferQueue } from '../transfers/transfer-queue';
import type { PlanCopySet } from './batch-handoff';
import { type TargetBucket, targetBucket } from './bucket-facts';
import type { CompareService } from './compare-service';
import { deleteExtra } from './delete-extra';
import { folderCare, intoFolder } from './folder-target';
import { describe } from './locations';
import { careOf, copyCare } from './sync-care';
import { flowOf, type PlannedRows, planRows, type SyncOptions } from './sync-plan';
import type { SyncReports } from './sync-reports';

/** When a plan is big enough to offer S3 Batch Operations (Settings). */
export type Thresholds = Parameters<typeof suggestsBatchOperations>[2];

export interface SyncDeps {
  readonly compares: Pick<CompareService, 'get'>;
  readonly transfers: Pick<TransferQueue, 'enqueuePairs' | 'serverCopy' | 'snapshot'>;
  readonly pool: S3ClientPool;
  /** The account behind a session, for the delete confirmation. */
  readonly accountOf: (sessionId: string) => string | undefined;
  readonly thresholds: () => Thresholds;
  /** A local folder is written into only when main handed it out for writing. */
  readonly grants: Pick<PathGrants, 'allows'>;
  /** Every run's report, kept in the data folder across restarts. */
  readonly reports: SyncReports;
  /** Calls back when the transfer queue changed; returns the unsubscribe. */
  readonly onQueueChange?: (listener: () => void) => () => void;
}

/** How long queue changes gather before the reports take them up (a burst of finished items is one pass). */
const FOLLOW_MS = 200;

interface Plan {
  readonly summary: SyncPlanSummary;
  readonly source: CompareLocation;
  readonly target: CompareLocation;
  readonly rows: PlannedRows;
  /** Undefined for a local folder. */
  readonly bucket: TargetBucket | undefined;
  readonly owners: ReadonlyMap<string, string>;
  readonly options: SyncOptions;
  ran?: boolean;
}

/**
 * Plans a sync left → right from a finished compare (a dry run first), runs it, and keeps its
 * report. Every copy runs in the transfer queue (journaled, resumable, verified): through this
 * machine, or made by S3 itself in a server-side sync; deletes go last and only when confirmed.
 */
export class SyncService {
  readonly #deps: SyncDeps;
  readonly #plans = new Map<string, Plan>();
  readonly #stopFollowing: (() => void) | undefined;
  #followTimer: NodeJS.Timeout | undefined;

  constructor(deps: SyncDeps) {
    this.#deps = deps;
    // Queued rows follow their transfers even while no window asks, so clearing finished
    // transfers (or quitting) never leaves a row pending.
    this.#stopFollowing = deps.onQueueChange?.(() => {
      if (this.#followTimer || !deps.reports.following) return;
      this.#followTimer = setTimeout(() => {
        this.#followTimer = undefined;
        deps.reports.follow(deps.transfers.snapshot());
      }, FOLLOW_MS);
      this.#followTimer.unref?.();
    });
  }

  /** The reports the last run kept, once the transfer queue has read its journal back. */
  restore(): Promise<void> {
    return this.#deps.reports.restore(this.#deps.transfers.snapshot());
  }

  /** Every kept report, newest first. */
  listReports(): SyncReportEntry[] {
    return this.#deps.reports.list();
  }

  /** The last results are written; nothing is followed after. */
  async dispose(): Promise<void> {
    this.#stopFollowing?.();
    clearTimeout(this.#followTimer);
    if (this.#deps.reports.following) this.#deps.reports.follow(this.#deps.transfers.snapshot());
    await this.#deps.reports.close();
  }

  async plan(compareId: string, options: SyncOptions): Promise<SyncPlanSummary> {
    const record = this.#deps.compares.get(compareId);
    if (!record.done) fail('conflict', 'The compare is still running: plan the sync once it has finished.');
    if (record.failed)
      fail(
        'conflict',
        'The compare stopped before the end: a plan from it would miss keys. Compare again first.',
      );
    const { left: source, right: target } = record.request;
    const planned = await planRows(record.actionable.rows(), options);
    const rows = target.kind === 'local' ? intoFolder(planned) : planned;
    const { flow, reason } = flowOf(source, target, await this.#targetReadsSource(source, target, rows));
    const planId = randomUUID();
    const targetAccount = target.kind === 's3' ? this.#deps.accountOf(target.sessionId) : undefined;
    const threshold = this.#deps.thresholds();
    const bucket =
      target.kind === 's3' ? await targetBucket(this.#deps.pool, target.sessionId, target.bucket) : undefined;
    const owners = record.owners;
    const care =
      target.kind === 's3' && bucket
        ? careOf({ source, target, flow, bucket, owners, options, accountOf: this.#deps.accountOf })
        : folderCare;
    const summary: SyncPlanSummary = {
      planId,
      source: describe(source),
      target: describe(target),
      copy: rows.copies.filter((c) => c.action === 'copy').length,
      overwrite: rows.copies.filter((c) => c.action === 'overwrite').length,
      delete: rows.deletes.length,
      bytes: rows.bytes,
      flow,
      flowReason: reason,
      ...(targetAccount && { targetAccount }),
      leftOut: rows.leftOut,
      leftOutMore: rows.leftOutMore,
      care,
      overThreshold: suggestsBatchOperations(rows.copies.length, rows.bytes, threshold),
    };
    this.#plans.set(planId, { summary, source, target, rows, bucket, owners, options });
    return summary;
  }

  /**
   * Runs a plan once. Deletes need the target's account typed back (`confirmAccount`): the
   * user says whose objects go, not just that some do.
   */
  async run(planId: string, confirmAccount?: string): Promise<{ readonly jobId?: string }> {
    const plan = this.#get(planId);
    if (plan.ran) fail('conflict', 'This plan has run already; compare again for a new one.');
    const { summary, rows, source, target } = plan;
    const confirmAs = summary.targetAccount ?? summary.target;
    if (summary.delete > 0 && confirmAccount !== confirmAs)
      fail(
        'validation',
        `Deleting ${summary.delete} objects in ${summary.target} needs the target's account (${confirmAs}) typed to confirm.`,
      );
    if (target.kind === 'local' && !(await this.#deps.grants.allows('write', target.path)))
      fail(
        'unauthorized',
        `Refused to write to ${target.path}: it was not chosen as a folder to save into.`,
        {
          details: { path: target.path },
          hints: ['Pick the folder with "Compare a local folder…" again.'],
        },
      );
    plan.ran = true;
    const { reports } = this.#deps;
    // The report is on disk before anything is done: a kill at any point after lists it.
    const pending: SyncReportRow[] = [
      ...rows.copies.map((c) => ({ key: c.key, action: c.action, result: 'pending' as const })),
      ...rows.deletes.map((key) => ({ key, action: 'delete' as const, result: 'pending' as const })),
    ];
    await reports.start({
      planId,
      source: summary.source,
      target: summary.target,
      flow: summary.flow,
      rows: pending,
    });
    const settle = (index: number, row: SyncReportRow) => reports.set(planId, index, row);
    /** Rows that could not even start fail with the reason, so none waits for ever. */
    const failRows = (from: number, to: number) => (err: unknown) => {
      const error = toAppError(err);
      for (let i = from; i < to; i++) {
        const row = pending[i];
        if (row) settle(i, { key: row.key, action: row.action, result: 'failed', error });
      }
    };
    const targetOwner = target.kind === 's3' ? plan.owners.get(target.bucket) : undefined;
    const care =
      target.kind === 's3' && plan.bucket
        ? copyCare(plan.bucket, targetOwner, this.#deps.accountOf(target.sessionId), plan.options)
        : undefined;
    let jobId: string | undefined;
    const pairs = rows.copies.map((c) => ({
      source: source.kind === 's3' ? source.prefix + c.key : c.key,
      targetKey: target.kind === 's3' ? target.prefix + c.key : c.key,
      size: c.size,
      overwrite: c.action === 'overwrite',
    }));
    const enqueued =
      rows.copies.length === 0
        ? undefined
        : summary.flow === 'server-side' && source.kind === 's3' && target.kind === 's3' && care
          ? // S3 copies each object itself, as queue items of the target's session.
            this.#deps.transfers.serverCopy({
              sessionId: target.sessionId,
              from: { bucket: source.bucket, owner: plan.owners.get(source.bucket) },
              to: { bucket: target.bucket, owner: targetOwner },
              pairs,
              care,
            })
          : this.#deps.transfers.enqueuePairs({
              from:
                source.kind === 's3'
                  ? { sessionId: source.sessionId, bucket: source.bucket }
                  : { localRoot: source.path },
              to:
                target.kind === 's3'
                  ? { sessionId: target.sessionId, bucket: target.bucket }
                  : { localRoot: target.path },
              pairs,
              // Copies and uploads into a bucket carry the same care as server-side copies (sync-care.ts).
              ...(care && {
                care: {
                  sourceOwner: source.kind === 's3' ? plan.owners.get(source.bucket) : undefined,
                  targetOwner,
                  write: care,
                },
              }),
            });
    if (enqueued) {
      ({ jobId } = await enqueued.catch((err: unknown) => {
        failRows(0, pending.length)(err);
        throw err;
      }));
      // Each queued item is found again by its S3 end (the target of an upload, else the
      // source), which the transfer journal keeps with the job id across restarts.
      const itemBase =
        source.kind === 's3'
          ? `s3://${source.bucket}/${source.prefix}`
          : target.kind === 's3'
            ? `s3://${target.bucket}/${target.prefix}`
            : '';
      await reports.queued(planId, jobId, itemBase);
    }
    if (rows.deletes.length > 0 && target.kind === 's3')
      void this.#deps.pool
        .forBucket(target.sessionId, target.bucket)
        .then((client) =>
          deleteExtra(client, target, rows.deletes, plan.owners.get(target.bucket), (index, row) =>
            settle(rows.copies.length + index, row),
          ),
        )
        .catch(failRows(rows.copies.length, pending.length));
    return jobId ? { jobId } : {};
  }

  /** A run's report, this run's or a kept one; a plan not run yet has no rows. */
  report(planId: string): SyncReport {
    const { reports } = this.#deps;
    if (reports.following) reports.follow(this.#deps.transfers.snapshot());
    const report = reports.report(planId);
    if (report) return report;
    this.#get(planId);
    return { planId, finished: true, rows: [] };
  }

  /**
   * What S3 Batch Operations would copy: both sides and every copy of the plan, in order, and
   * how many deletes the plan holds (a copy job cannot do them).
   */
  copySet(planId: string): PlanCopySet {
    const { source, target, rows, options } = this.#get(planId);
    if (source.kind !== 's3' || target.kind !== 's3')
      return fail('unsupported', 'S3 Batch Operations copies between buckets only.');
    const sides: CopyPlanSides = {
      source: { sessionId: source.sessionId, bucket: source.bucket, prefix: source.prefix },
      target: { sessionId: target.sessionId, bucket: target.bucket, prefix: target.prefix },
    };
    async function* items(): AsyncGenerator<CopyPlanItem> {
      for (const c of rows.copies)
        yield {
          sourceBucket: sides.source.bucket,
          sourceKey: sides.source.prefix + c.key,
          targetBucket: sides.target.bucket,
          targetKey: sides.target.prefix + c.key,
          size: c.size,
        };
    }
    return {
      sides,
      items: items(),
      deletes: rows.deletes.length,
      ...(options.storageClass && { storageClass: options.storageClass }),
      ...(options.metadata && { metadata: options.metadata }),
      ...(options.tags && { tags: options.tags }),
    };
  }

  /**
   * Whether the target's session may read the source (another session's bucket, say through a
   * bucket policy): then S3 can copy server-side. Asked read-only — a one-key listing of the
   * source prefix and a HEAD of the first object to copy — and any refusal means no.
   */
  async #targetReadsSource(
    source: CompareLocation,
    target: CompareLocation,
    rows: PlannedRows,
  ): Promise<boolean> {
    if (source.kind !== 's3' || target.kind !== 's3' || source.sessionId === target.sessionId) return false;
    const first = rows.copies[0];
    if (!first) return false;
    try {
      await this.#deps.pool.withBucket(target.sessionId, source.bucket, async (client) => {
        await client.send(
          new ListObjectsV2Command({ Bucket: source.bucket, Prefix: source.prefix, MaxKeys: 1 }),
        );
        await client.send(new HeadObjectCommand({ Bucket: source.bucket, Key: source.prefix + first.key }));
      });
      return true;
    } catch {
      return false;
    }
  }

  #get(planId: string): Plan {
    return this.#plans.get(planId) ?? fail('not-found', 'That sync plan is gone; plan it again.');
  }
}
