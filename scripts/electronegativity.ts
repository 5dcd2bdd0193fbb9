/**
 * Runs Electronegativity over the app's sources and fails on any finding above
 * informational. A finding that is accepted carries an `eng-disable` comment at its line,
 * with the reason, which the scanner honours.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const report = join(ROOT, '.tmp/electronegativity.sarif');
const scanner = createRequire(import.meta.url).resolve('@doyensec/electronegativity/dist/index.js');

interface SarifResult {
  readonly ruleId: string;
  readonly level?: string;
  readonly message: { readonly text: string };
  readonly locations?: readonly {
    readonly physicalLocation?: {
      readonly artifactLocation?: { readonly uri?: string };
      readonly region?: { readonly startLine?: number };
    };
  }[];
}

rmSync(report, { force: true });
execFileSync(
  process.execPath,
  [
    '-r',
    join(ROOT, 'scripts/electronegativity/use-bundled-typescript.cjs'),
    scanner,
    '--input',
    join(ROOT, 'src'),
    '--output',
    report,
    '--relative',
    '--verbose',
    'false',
  ],
  { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
);

const sarif = JSON.parse(readFileSync(report, 'utf8')) as { runs: { results: SarifResult[] }[] };
const results = sarif.runs.flatMap((run) => run.results);
// SARIF levels: "note" is Electronegativity's informational; "warning" and "error" are findings.
const findings = results.filter((r) => r.level !== 'note' && r.level !== 'none');
for (const r of results) {
  const where = r.locations?.[0]?.physicalLocation;
  const place = `${where?.artifactLocation?.uri ?? '?'}:${where?.region?.startLine ?? '?'}`;
  console.log(`${r.level === 'note' ? 'info ' : 'FOUND'} ${r.ruleId} ${place} — ${r.message.text}`);
}
console.log(
  `Electronegativity: ${findings.length} findings above informational (${results.length - findings.length} informational).`,
);
process.exit(findings.length > 0 ? 1 : 0);
