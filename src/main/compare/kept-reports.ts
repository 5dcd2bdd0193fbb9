/**
 * Sync reports as the data folder keeps them, so a restart loses neither what a sync did nor
 * what it still does: `sync-reports.json`, written like the transfer journal (JournalFile:
 * temporary file, fsync, rename, 0600). Only bucket names, prefixes, keys and error messages;
 * never a credential, never a session id (sessions do not outlive the app). Rows are compact
 * arrays, and the file holds the latest reports only, so a big or long-lived history stays small.
 */
import { z } from 'zod';
import type { SyncAction, SyncFlow, SyncReportRow, SyncResult } from '../../shared/models/compare';
import { syncResults } from '../../shared/models/compare';
import { errorCodes } from '../../shared/models/errors';
import type { JournalFile } from '../transfers/journal/journal-file';

export const SYNC_REPORTS_FILE = 'sync-reports.json';
/** The newest reports kept. */
export const REPORTS_KEPT = 20;
/** Rows kept across all reports; older reports go first (the newest is always kept). */
export const ROWS_KEPT = 200_000;

const FORMAT = 'crossbucket-sync-reports';
/** Longer than an S3 key (1,024 bytes) or a relative path main accepts. */
const KEY_MAX = 4096;
/** An error message is cut to this, so one long message never makes its report unreadable. */
const MESSAGE_MAX = 2048;
const VERSION = 1;

const rowSchema = z.union([
  z.tuple([z.string().max(KEY_MAX), z.enum(['copy', 'overwrite', 'delete']), z.enum(syncResults)]),
  z.tuple([
    z.string().max(KEY_MAX),
    z.enum(['copy', 'overwrite', 'delete']),
    z.enum(syncResults),
    z.enum(errorCodes),
    z.string().max(MESSAGE_MAX),
  ]),
]);

const keptSchema = z.strictObject({
  planId: z.uuid(),
  source: z.string().max(4096),
  target: z.string().max(4096),
  flow: z.enum(['server-side', 'through-this-machine']),
  startedAt: z.iso.datetime(),
  /** The transfer queue's job for copies through this machine (its items keep it across restarts). */
  jobId: z.uuid().optional(),
  /** A queue item's S3 end is this followed by the row's key (see SyncService.run). */
  itemBase: z.string().max(4096).optional(),
  rows: z.array(rowSchema),
});

export type KeptRow = z.infer<typeof rowSchema>;

/** One run's report as kept: where it went, how it runs, and its rows in plan order. */
export interface KeptReport {
  readonly planId: string;
  readonly source: string;
  readonly target: string;
  readonly flow: SyncFlow;
  readonly startedAt: string;
  readonly jobId?: string;
  readonly itemBase?: string;
  readonly rows: SyncReportRow[];
}

export const compactRow = (row: SyncReportRow): KeptRow =>
  row.error
    ? [row.key, row.action, row.result, row.error.code, row.error.message.slice(0, MESSAGE_MAX)]
    : [row.key, row.action, row.result];

const rowOf = ([key, action, result, code, message]: KeptRow): SyncReportRow => ({
  key,
  action: action as SyncAction,
  result: result as SyncResult,
  ...(code !== undefined && message !== undefined && { error: { code, message } }),
});

/** The reports kept, newest last: at most REPORTS_KEPT, and the oldest dropped past ROWS_KEPT rows. */
export function bounded<T extends { readonly rows: readonly unknown[] }>(reports: readonly T[]): T[] {
  const kept: T[] = [];
  let rows = 0;
  for (const report of [...reports].reverse()) {
    if (kept.length === REPORTS_KEPT || (kept.length > 0 && rows + report.rows.length > ROWS_KEPT)) break;
    kept.unshift(report);
    rows += report.rows.length;
  }
  return kept;
}

/** The document from each report's JSON text (a finished report's text is kept, not made again). */
export const renderReports = (texts: readonly string[]): string =>
  `{"format":"${FORMAT}","version":${VERSION},"reports":[\n${texts.join(',\n')}\n]}\n`;

export function reportText(r: KeptReport): string {
  return JSON.stringify({
    planId: r.planId,
    source: r.source,
    target: r.target,
    flow: r.flow,
    startedAt: r.startedAt,
    ...(r.jobId !== undefined && { jobId: r.jobId }),
    ...(r.itemBase !== undefined && { itemBase: r.itemBase }),
    rows: r.rows.map(compactRow),
  });
}

/**
 * The reports a previous run kept. A file that does not read as ours is kept aside (never
 * deleted) and none are listed; a report that fails its schema is left out.
 */
export async function readReports(file: JournalFile): Promise<KeptReport[]> {
  const read = await file.read();
  if (read.kind === 'missing') return [];
  let doc: { format?: unknown; version?: unknown; reports?: unknown } | undefined;
  try {
    doc = read.kind === 'text' ? JSON.parse(read.text) : undefined;
  } catch {
    doc = undefined;
  }
  if (doc?.format !== FORMAT || doc.version !== VERSION || !Array.isArray(doc.reports)) {
    await file.keepAside(new Date());
    return [];
  }
  return doc.reports.flatMap((entry: unknown) => {
    const parsed = keptSchema.safeParse(entry);
    return parsed.success ? [{ ...parsed.data, rows: parsed.data.rows.map(rowOf) }] : [];
  });
}
