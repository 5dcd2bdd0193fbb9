// The world the kill tests of issue 26 (kill-resend.test.ts) and the re-sent share measurement
// (bench/resend-after-kill.ts) run in: one account's role over a bucket in moto, the app's services in
// a child process (tests/support/app-process.ts) whose S3 traffic goes through the byte-counting
// fault proxy, a data folder per scenario.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { JournalContents } from '../../src/main/transfers/journal/records';
import type { TransferSnapshot } from '../../src/shared/models/transfer';
import { AppProcess } from './app-process-control';
import { createWorld, type World } from './aws-world';
import { type FaultProxy, type ProxyRequest, startFaultProxy } from './fault-proxy';
import { allow, policy, trustAccount } from './policies';

export const SOURCE = '111111111111';
export const TARGET = '222222222222';
export const BUCKET = 'resend-target';
export const PROFILE = 'mover';
/** Holds the journal's rename on SIGUSR2 (see the module). */
export const JOURNAL_HOLD = 'tests/support/journal-hold.ts';

export interface KillWorld {
  readonly world: World;
  readonly proxy: FaultProxy;
  readonly scratch: string;
  readonly admin: S3Client;
  /** A data folder of its own, with these transfer settings. */
  dataFolder(name: string, settings: Record<string, number>): Promise<{ dataDir: string; home: string }>;
  /** The app over `home`, S3 through the proxy; `imports` are loaded into its process first. */
  startApp(
    home: string,
    dataDir: string,
    imports?: readonly string[],
    directory?: string,
  ): Promise<AppProcess>;
  dispose(): Promise<void>;
}

export async function startKillWorld(seed: number): Promise<KillWorld> {
  const world = await createWorld({
    accounts: {
      [SOURCE]: {
        users: { alice: { policies: [policy(allow('sts:AssumeRole', `arn:aws:iam::${TARGET}:role/*`))] } },
      },
      [TARGET]: {
        roles: { [PROFILE]: { trust: trustAccount(SOURCE), policies: [policy(allow('s3:*'))] } },
        buckets: { [BUCKET]: {} },
      },
    },
    profiles: {
      alice: { region: 'us-east-1' },
      [PROFILE]: {
        role_arn: `arn:aws:iam::${TARGET}:role/${PROFILE}`,
        source_profile: 'alice',
        region: 'us-east-1',
      },
    },
  });
  await world.moto.setRecording(false);
  const proxy = await startFaultProxy({ upstream: world.moto.endpoint, seed });
  const scratch = await mkdtemp(join(tmpdir(), 'kill-resend-'));
  const started: AppProcess[] = [];
  return {
    world,
    proxy,
    scratch,
    admin: world.s3For(TARGET),
    async dataFolder(name, settings) {
      const home = join(scratch, name);
      const dataDir = join(home, '.config', 'Crossbucket');
      await mkdir(dataDir, { recursive: true });
      await writeFile(join(dataDir, 'settings.json'), JSON.stringify(settings));
      return { dataDir, home };
    },
    async startApp(home, dataDir, imports = [], directory) {
      const app = await AppProcess.start(
        {
          dataDir,
          env: {
            HOME: home,
            PATH: process.env.PATH ?? '',
            ...world.env,
            AWS_ENDPOINT_URL_S3: proxy.endpoint,
          },
          ...(directory && { directory }),
        },
        imports,
      );
      started.push(app);
      return app;
    },
    async dispose() {
      for (const app of started) await app.kill().catch(() => undefined);
      await proxy.close();
      await world.dispose();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * Holds the journal as it is on disk now: resolves once the app process (started with
 * JOURNAL_HOLD) will never complete another journal write.
 */
export async function holdJournal(app: AppProcess): Promise<void> {
  const holding = app.nextEvent('test:journal-holding');
  app.signal('SIGUSR2');
  await holding;
}

export const journalPath = (dataDir: string): string => join(dataDir, 'transfer-journal.json');

export const journalOf = async (dataDir: string): Promise<JournalContents> =>
  JSON.parse(await readFile(journalPath(dataDir), 'utf8')) as JournalContents;

/** Polls the journal on disk (each write replaces it whole, so a read never sees half of one). */
export async function waitForJournal(
  dataDir: string,
  test: (j: JournalContents) => boolean,
  what: string,
): Promise<JournalContents> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const journal = await journalOf(dataDir).catch(() => undefined);
    if (journal && test(journal)) return journal;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The multipart upload the journal's first item records. */
export const uploadIn = (journal: JournalContents) => {
  const task = journal.items[0]?.task;
  return task?.kind === 'upload' ? task.multipart?.upload : undefined;
};

export async function openUploads(admin: S3Client, prefix: string): Promise<number> {
  const listed = await admin.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: prefix }));
  return listed.Uploads?.length ?? 0;
}

/** A PUT of part `n` (any part without `n`) of a multipart upload. */
export const partPut =
  (n?: number) =>
  (req: ProxyRequest): boolean =>
    req.method === 'PUT' &&
    req.query.has('uploadId') &&
    (n === undefined || req.query.get('partNumber') === String(n));

/** A single PUT of an object under `prefix` (not a part). */
export const objectPut =
  (prefix: string) =>
  (req: ProxyRequest): boolean =>
    req.method === 'PUT' && !req.query.has('uploadId') && req.path.startsWith(`/${BUCKET}/${prefix}`);

export const allDone = (s: TransferSnapshot): boolean =>
  s.items.length > 0 && s.items.every((i) => i.status === 'done');
export const notDone = (s: TransferSnapshot) =>
  s.items.filter((i) => i.status !== 'done').map((i) => [i.target, i.status, i.error?.message]);
