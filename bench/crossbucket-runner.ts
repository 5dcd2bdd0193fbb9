/**
 * One bench run of Crossbucket, in its own process so its CPU and peak RSS are measured like any
 * other client's: this process plays main (the app's TransferQueue, S3ClientPool and
 * ListingService with the app's default settings, no Electron) and forks the engine process
 * (engine.mjs, bundled beside this file from src/engine) as the browser shell does. The engine is
 * waited for before this process exits, so its CPU (hash threads included) counts as this run's.
 * CROSSBUCKET_BENCH_LOOP_DELAY names a file for main's event-loop delay (p99, max) during the run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import type { EventSink } from '../src/main/events/event-sink';
import { S3ClientPool } from '../src/main/s3/client-pool';
import { ListingService } from '../src/main/s3/listing';
import type { EngineLauncher } from '../src/main/transfers/engine-link/engine-channel';
import { forkEngine } from '../src/main/transfers/engine-link/fork-engine';
import { TransferQueue } from '../src/main/transfers/transfer-queue';
import type { EventName } from '../src/shared/ipc/channels';
import type { EventPayloads } from '../src/shared/ipc/contract';
import { defaultSettings } from '../src/shared/models/settings';
import { StaticSessions } from './lib/static-sessions';
import { targetFromEnv, type Workload, workloadFromArgv } from './lib/workload';

const SESSION = 'bench';
const target = targetFromEnv();
const sessions = new StaticSessions(target.endpoint, target.accessKeyId, target.secretAccessKey);
const pool = new S3ClientPool(sessions);
const engines: Promise<void>[] = [];
const fork = forkEngine({ modulePath: join(import.meta.dirname, 'engine.mjs') });
const engine: EngineLauncher = () => {
  const channel = fork();
  engines.push(new Promise((resolve) => channel.onExit(() => resolve())));
  return channel;
};

type Listener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
const sinkTo = (listener: Listener): EventSink => ({ emit: listener });

async function transfer(workload: Exclude<Workload, { kind: 'list' }>): Promise<void> {
  const queue = new TransferQueue({
    clients: pool,
    engine,
    sessions,
    sink: sinkTo(() => {}),
    settings: () => defaultSettings,
  });
  switch (workload.kind) {
    case 'upload-file':
    case 'upload-dir': {
      const path = workload.kind === 'upload-file' ? workload.file : workload.dir;
      await queue.enqueueUpload({
        sessionId: SESSION,
        bucket: workload.bucket,
        prefix: workload.prefix,
        paths: [path],
      });
      break;
    }
    case 'download-file':
      await queue.enqueueDownload({
        sessionId: SESSION,
        bucket: workload.bucket,
        keys: [workload.key],
        prefixes: [],
        targetDir: workload.dir,
      });
      break;
    case 'download-prefix':
      await queue.enqueueDownload({
        sessionId: SESSION,
        bucket: workload.bucket,
        keys: [],
        prefixes: [workload.prefix],
        targetDir: workload.dir,
      });
      break;
  }
  // Polled rather than awaited through the sink: progress events are throttled to 250 ms,
  // which would add up to a quarter second to every measured wall time.
  while (queue.hasActive()) await new Promise((r) => setTimeout(r, 5));
  const { totals, items } = queue.snapshot();
  await queue.dispose();
  if (totals.failed > 0 || items.some((i) => i.status !== 'done'))
    throw new Error(
      `transfer did not finish cleanly: ${JSON.stringify(items.find((i) => i.status !== 'done'))}`,
    );
}

function list(workload: Extract<Workload, { kind: 'list' }>): Promise<number> {
  return new Promise((resolve, reject) => {
    const listing = new ListingService(
      pool,
      sinkTo((event, payload) => {
        if (event !== 'listingPage') return;
        const page = payload as EventPayloads['listingPage'];
        if (page.error) reject(new Error(page.error.message));
        else if (page.done) resolve(page.keysLoaded);
      }),
    );
    listing.start({ sessionId: SESSION, bucket: workload.bucket, prefix: workload.prefix });
  });
}

const workload = workloadFromArgv();
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
if (workload.kind === 'list') process.stdout.write(`${await list(workload)}\n`);
else await transfer(workload);
delay.disable();
await Promise.all(engines);
pool.dropSession(SESSION);
const delayFile = process.env.CROSSBUCKET_BENCH_LOOP_DELAY;
if (delayFile)
  writeFileSync(
    delayFile,
    JSON.stringify({ p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6, meanMs: delay.mean / 1e6 }),
  );
