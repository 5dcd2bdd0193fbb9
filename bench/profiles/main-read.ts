/**
 * Main's side of a 5,000-profile config: reading both files, parsing, resolving every chain
 * and building the snapshot the sidebar gets (`readProfiles`, what a reload and the file
 * watcher run). Timed over repeated reads after a warm-up; the snapshot of the last read is
 * what the sidebar bench renders.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProfiles } from '../../src/main/profiles/profile-store';
import type { ProfilesSnapshot } from '../../src/shared/models/profile';
import { bigConfigText } from '../../tests/support/big-config';

const WARMUP = 3;
const RUNS = 20;

export interface MainReadBench {
  readonly profiles: number;
  readonly broken: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly snapshot: ProfilesSnapshot;
}

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

export async function runMainRead(roles: number): Promise<MainReadBench> {
  const dir = await mkdtemp(join(tmpdir(), 'crossbucket-bench-profiles-'));
  try {
    const env = {
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    };
    await writeFile(env.AWS_CONFIG_FILE, bigConfigText(roles));
    await writeFile(env.AWS_SHARED_CREDENTIALS_FILE, '');
    const times: number[] = [];
    let snapshot: ProfilesSnapshot | undefined;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const start = performance.now();
      snapshot = (await readProfiles(env)).snapshot;
      if (i >= WARMUP) times.push(performance.now() - start);
    }
    if (!snapshot) throw new Error('no snapshot read');
    return {
      profiles: snapshot.profiles.length,
      broken: snapshot.profiles.filter((p) => p.error).length,
      medianMs: percentile(times, 50),
      p95Ms: percentile(times, 95),
      maxMs: Math.max(...times),
      snapshot,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
