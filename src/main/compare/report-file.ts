import { rename, writeFile } from 'node:fs/promises';
import type { SyncReport } from '../../shared/models/compare';

/** A CSV field: quoted when it holds a comma, quote or line break; formulas are defused for spreadsheets. */
const field = (value: string): string => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function reportCsv(report: SyncReport): string {
  const lines = ['key,action,result,error'];
  for (const row of report.rows)
    lines.push([row.key, row.action, row.result, row.error?.message ?? ''].map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function reportJson(report: SyncReport): string {
  const rows = report.rows.map((r) => ({
    key: r.key,
    action: r.action,
    result: r.result,
    error: r.error?.message ?? null,
  }));
  return `${JSON.stringify({ finished: report.finished, rows }, null, 2)}\n`;
}

/** Written beside the target and renamed over it: a crash never leaves half a report. */
export async function writeReport(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}
