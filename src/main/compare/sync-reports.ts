import { toAppError } from '../../shared/errors/to-app-error';
import type { SyncReport, SyncReportEntry, SyncReportRow, SyncResult } from '../../shared/models/compare';
import { syncResults } from '../../shared/models/compare';
import type { TransferSnapshot, TransferStatus } from '../../shared/models/transfer';
import { type Clock, systemClock } from '../../shared/transfers/clock';
import { log } from '../security/log';
import { CoalescedWrites } from '../transfers/journal/coalesced-writes';
import { JournalFile } from '../transfers/journal/journal-file';
import { journalIntervalMs } from '../transfers/journal/queue-journal';
import {
  bounded,
  type KeptReport,
  readReports,
  renderReports,
  reportText,
  SYNC_REPORTS_FILE,
} from './kept-reports';

const resultOf: Partial<Record<TransferStatus, SyncResult>> = {
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

/** What a restart could not follow to its end, said on the row. */
const cutOff = {
  serverSide: 'The app stopped while S3 copied this object; whether it was copied is unknown. Compare again.',
  delete: 'The app stopped while the deletes ran; whether this object was deleted is unknown. Compare again.',
  queue:
    'The app stopped before the end of this transfer was recorded, and it was not left to resume. Compare again.',
} as const;

interface Report extends KeptReport {
  /** Where each queued item is in `rows`, by its S3 end. */
  byItem?: Map<string, number>;
  /** The report's JSON once every row is final: it never changes again. */
  text?: string;
}

/** Up to this many rows kept in all, each transfer's end is written at once. */
const FLUSH_ROWS = 10_000;

const finished = (rows: readonly SyncReportRow[]) => rows.every((r) => r.result !== 'pending');

/**
 * Every sync run's report, kept in the data folder as it changes so it outlives the app: a
 * restart lists the reports again, rows whose transfers resumed in the queue (server-side copies
 * too) follow them to their end, and rows nothing resumes (a delete under way, a transfer whose
 * end went unrecorded) end as `interrupted` — never `pending` for ever.
 */
export class SyncReports {
  readonly #reports = new Map<string, Report>();
  readonly #writes: CoalescedWrites;
  readonly #file: JournalFile;

  constructor(file: JournalFile, clock: Clock = systemClock) {
    this.#file = file;
    this.#writes = new CoalescedWrites(
      () => this.#write(),
      clock,
      () => journalIntervalMs(this.#rowCount() / 10),
    );
  }

  /** Reads what the last run kept; `queue` is the transfer queue restored from its journal. */
  async restore(queue: TransferSnapshot): Promise<void> {
    const kept = await readReports(this.#file).catch(() => []);
    // Queue items the journal brought back, by job and S3 end.
    const resumed = new Set(
      queue.items.map((i) => `${i.jobId} ${i.direction === 'upload' ? i.target : i.source}`),
    );
    let changed = false;
    for (const k of kept) {
      const rows = k.rows.map((row) => {
        if (row.result !== 'pending') return row;
        const item = k.itemBase === undefined ? undefined : `${k.jobId} ${k.itemBase}${row.key}`;
        if (row.action !== 'delete' && item !== undefined && resumed.has(item)) return row;
        changed = true;
        const message =
          row.action === 'delete'
            ? cutOff.delete
            : k.flow === 'server-side'
              ? cutOff.serverSide
              : cutOff.queue;
        return { ...row, result: 'interrupted' as const, error: { code: 'cancelled' as const, message } };
      });
      this.#add({ ...k, rows });
    }
    this.follow(queue);
    if (changed) await this.flush();
  }

  /** A run begins: its rows all pending. Written at once, so even a kill right after lists it. */
  start(report: Omit<KeptReport, 'startedAt'>): Promise<void> {
    this.#add({ ...report, startedAt: new Date().toISOString() });
    const kept = new Set(bounded([...this.#reports.values()]));
    for (const [id, r] of this.#reports) if (!kept.has(r)) this.#reports.delete(id);
    return this.flush();
  }

  /** The run's copies went to the transfer queue as job `jobId`; each item's S3 end is `itemBase` + key. */
  queued(planId: string, jobId: string, itemBase: string): Promise<void> {
    const report = this.#reports.get(planId);
    if (report) this.#add({ ...report, jobId, itemBase });
    return this.flush();
  }

  /** A row's final result (or a queued item's latest). */
  set(planId: string, index: number, row: SyncReportRow): void {
    const report = this.#reports.get(planId);
    if (!report) return;
    report.rows[index] = row;
    this.#writes.changed();
  }

  /** Takes the results of queued items; items cleared from the queue keep their last result. */
  follow(snapshot: TransferSnapshot): void {
    const live = [...this.#reports.values()].filter((r) => r.byItem && r.text === undefined);
    if (live.length === 0) return;
    const byJob = new Map(live.map((r) => [r.jobId, r]));
    let changed = false;
    let ended = false;
    for (const item of snapshot.items) {
      const report = byJob.get(item.jobId);
      const at = report?.byItem?.get(item.direction === 'upload' ? item.target : item.source);
      const row = at === undefined ? undefined : report?.rows[at];
      if (!report || !row || at === undefined) continue;
      const result = resultOf[item.status] ?? 'pending';
      if (row.result === result && row.error?.message === item.error?.message) continue;
      report.rows[at] = {
        key: row.key,
        action: row.action,
        result,
        ...(item.error && { error: item.error }),
      };
      changed = true;
      ended ||= result !== 'pending';
    }
    // A transfer that ended leaves the queue's journal within a second: its result is written
    // now, so a kill right after finds it here rather than nowhere. Past FLUSH_ROWS a write costs
    // too much to make one per finished file; a kill may then leave a few rows interrupted.
    if (ended && this.#rowCount() <= FLUSH_ROWS) void this.flush();
    else if (changed) this.#writes.changed();
  }

  /** Whether some report still waits for the queue. */
  get following(): boolean {
    return [...this.#reports.values()].some((r) => r.byItem && !finished(r.rows));
  }

  report(planId: string): SyncReport | undefined {
    const report = this.#reports.get(planId);
    return report && { planId, finished: finished(report.rows), rows: report.rows };
  }

  /** Newest first. */
  list(): SyncReportEntry[] {
    return [...this.#reports.values()].reverse().map((r) => {
      const counts = Object.fromEntries(syncResults.map((s) => [s, 0])) as Record<SyncResult, number>;
      for (const row of r.rows) counts[row.result]++;
      return {
        planId: r.planId,
        source: r.source,
        target: r.target,
        flow: r.flow,
        startedAt: r.startedAt,
        finished: counts.pending === 0,
        counts,
      };
    });
  }

  flush(): Promise<void> {
    return this.#writes.flush();
  }

  close(): Promise<void> {
    return this.#writes.close();
  }

  #add(report: KeptReport): void {
    const byItem =
      report.jobId !== undefined && report.itemBase !== undefined
        ? new Map(
            report.rows.flatMap((r, i) => (r.action === 'delete' ? [] : [[`${report.itemBase}${r.key}`, i]])),
          )
        : undefined;
    this.#reports.set(report.planId, { ...report, rows: [...report.rows], ...(byItem && { byItem }) });
  }

  #rowCount(): number {
    let n = 0;
    for (const r of this.#reports.values()) n += r.rows.length;
    return n;
  }

  async #write(): Promise<void> {
    const texts = bounded([...this.#reports.values()]).map((r) => {
      if (r.text !== undefined) return r.text;
      const text = reportText(r);
      if (finished(r.rows)) r.text = text;
      return text;
    });
    try {
      if (texts.length === 0) await this.#file.remove();
      else await this.#file.write(renderReports(texts));
    } catch (err) {
      log.warn(`The sync reports could not be written: ${toAppError(err).message}`);
    }
  }
}

/** The reports kept in the app's data folder. */
export const syncReportsIn = (dataDir: string): SyncReports =>
  new SyncReports(new JournalFile(dataDir, SYNC_REPORTS_FILE));
