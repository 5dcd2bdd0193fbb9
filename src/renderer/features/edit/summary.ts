import type { EditSummary, RestoreSummary } from '../../../shared/models/objects';
import { pluralize } from '../operations/notice';
import type { ChangeOutcome } from './ChangeDialog';

export function editOutcome(summary: EditSummary, done: string): ChangeOutcome {
  const lines: string[] = [];
  if (summary.changed > 0) lines.push(`${done} ${pluralize(summary.changed, 'object')}.`);
  if (summary.unchanged > 0) {
    lines.push(
      `${pluralize(summary.unchanged, 'object')} already ${summary.unchanged === 1 ? 'was' : 'were'} as asked and ${summary.unchanged === 1 ? 'was' : 'were'} left alone.`,
    );
  }
  if (lines.length === 0 && summary.failed.length === 0) lines.push('Nothing needed changing.');
  return { lines, failed: summary.failed };
}

export function restoreOutcome(summary: RestoreSummary): ChangeOutcome {
  const lines: string[] = [];
  if (summary.started > 0) {
    lines.push(
      `Restore requested for ${pluralize(summary.started, 'object')}. The details show when each is ready.`,
    );
  }
  const reasons = new Map<string, number>();
  for (const s of summary.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  for (const [reason, n] of reasons) lines.push(`${pluralize(n, 'object')} skipped: ${reason}.`);
  return { lines, failed: summary.failed };
}
