// The app over the Batch Operations world, driven through its own request handlers as the
// window drives them: a home folder in the world, S3 Control pointed at the stand-in, both
// accounts' sessions open. Shared by the hand-off and plan-to-batch tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type AppServices, createServices } from '../../src/main/app/create-services';
import { browserPlatform } from '../../src/main/bridge/browser-platform';
import { createDispatcher } from '../../src/main/ipc/dispatcher';
import type { BatchJobView } from '../../src/shared/models/batch';
import type { AppError, Result } from '../../src/shared/models/errors';
import { BATCH_PROFILE, type BatchWorld, createBatchWorld } from './batch-world';

/** A BatchApp started before the tests of the file that calls this, and disposed after them. */
export function batchAppForFile(): BatchApp {
  const app = new BatchApp();
  beforeAll(() => app.start());
  afterAll(() => app.dispose());
  return app;
}

export class BatchApp {
  #bw: BatchWorld | undefined;
  /** The open sessions of account 111 (source) and 222 (target, the job's account). */
  source = '';
  target = '';
  #services: AppServices | undefined;
  #call: (name: string, input: unknown) => Promise<Result<unknown>> = () => {
    throw new Error('the app is not running');
  };

  get bw(): BatchWorld {
    if (!this.#bw) throw new Error('the Batch Operations world is not started');
    return this.#bw;
  }

  /** The app's data folder (batch-jobs.json lives here). */
  get home(): string {
    return join(this.bw.world.dir, 'home');
  }

  /** The world, the app, and a session of each account. */
  async start(): Promise<void> {
    this.#bw = await createBatchWorld();
    mkdirSync(this.home, { recursive: true });
    await this.restart();
    await this.openSessions();
  }

  call(name: string, input: unknown): Promise<Result<unknown>> {
    return this.#call(name, input);
  }

  async ok<T>(name: string, input: unknown): Promise<T> {
    const result = await this.#call(name, input);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value as T;
  }

  async failed(name: string, input: unknown): Promise<AppError> {
    const result = await this.#call(name, input);
    if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
    return result.error;
  }

  /** Waits for the job to finish in the stand-in, then for the app's tracker to have read it. */
  async finishedView(jobId: string): Promise<BatchJobView> {
    await this.bw.standIn.settled(jobId);
    for (;;) {
      const view = (await this.ok<BatchJobView[]>('batchListJobs', {})).find((j) => j.jobId === jobId);
      const read = view?.status === 'Complete' && (view.totals?.failed === 0 || view.failedTasks.length > 0);
      if (view && (read || view.status === 'Failed')) return view;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async openSessions(): Promise<void> {
    this.source = (
      await this.ok<{ sessionId: string }>('openSession', { profile: BATCH_PROFILE.source })
    ).sessionId;
    this.target = (
      await this.ok<{ sessionId: string }>('openSession', { profile: BATCH_PROFILE.target })
    ).sessionId;
  }

  /** Quits and starts the app again on the same data folder; no session is open afterwards. */
  async restart(): Promise<void> {
    await this.#services?.dispose();
    this.#services = await createServices({
      env: { HOME: this.home, ...this.bw.env },
      platform: browserPlatform({ dataDir: this.home, version: 'test' }),
      batchPollMs: 200,
    });
    this.#call = createDispatcher(this.#services.handlers);
  }

  async dispose(): Promise<void> {
    await this.#services?.dispose();
    await this.#bw?.dispose();
  }
}
