/**
 * `npm audit` of what ships (no dev dependencies): fails on any high or critical advisory.
 * Where the registry in reach does not serve npm's advisory API (some mirrors answer 405),
 * there is nothing to judge; that is said plainly instead of being counted as a pass or a
 * failure of the code.
 */
import { spawnSync } from 'node:child_process';

interface AuditReport {
  readonly message?: string;
  readonly error?: { readonly summary?: string };
  readonly metadata?: { readonly vulnerabilities?: Readonly<Record<string, number>> };
}

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout) as AuditReport;
} catch {
  console.error(`npm audit printed no report:\n${run.stderr}`);
  process.exit(1);
}

const unavailable = report.message ?? report.error?.summary;
if (!report.metadata && unavailable) {
  console.log(
    `Dependency audit: not run — the registry did not serve advisories (${unavailable.split(' - ')[0]}).`,
  );
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities ?? {};
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `Dependency audit (shipped packages): ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low.`,
);
process.exit(serious > 0 ? 1 : 0);
