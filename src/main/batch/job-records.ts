import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchJobView } from '../../shared/models/batch';

export const JOBS_FILE = 'batch-jobs.json';

/**
 * A job Crossbucket created and follows. Kept beside the transfer journal, so the transfers
 * panel finds its jobs again after a restart: the job id, its account and region, the session
 * source it is followed with, and what was last known of it. Never a credential.
 */
export interface JobRecord {
  /** The session source (profile name, `adhoc:…`, SSO role) to follow the job with. */
  readonly sessionSource: string;
  readonly view: BatchJobView;
  /** Finished, and its report read: nothing more to ask AWS. */
  readonly settled?: boolean;
}

const isRecord = (value: unknown): value is JobRecord => {
  const r = value as Partial<JobRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.sessionSource === 'string' &&
    typeof r.view?.jobId === 'string' &&
    /^\d{12}$/.test(r.view.account ?? '') &&
    typeof r.view.region === 'string' &&
    typeof r.view.target?.bucket === 'string' &&
    typeof r.view.report?.bucket === 'string' &&
    Array.isArray(r.view.statements)
  );
};

/**
 * The jobs file in the app's data folder, written as the journal is: a temporary file flushed
 * to disk, then renamed over the old one, readable by its owner only (0600).
 */
export class JobRecordsFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, JOBS_FILE);
  }

  /** The records; a missing file is none, and a record that does not read as one is dropped. */
  async read(): Promise<JobRecord[]> {
    const text = await readFile(this.path, 'utf8').catch(() => undefined);
    if (text === undefined) return [];
    try {
      const parsed = JSON.parse(text) as { jobs?: unknown };
      return Array.isArray(parsed.jobs) ? parsed.jobs.filter(isRecord) : [];
    } catch {
      return [];
    }
  }

  async write(records: readonly JobRecord[]): Promise<void> {
    await mkdir(join(this.path, '..'), { recursive: true });
    const temp = `${this.path}.tmp`;
    await rm(temp, { force: true });
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify({ version: 1, jobs: records }, null, 2), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, this.path);
  }
}
