// The share of bytes sent more than once when the app is killed mid-transfer (issue 26):
//
//   npx tsx bench/resend-after-kill.ts            (128 MiB, 16 parts; about 5 minutes here)
//   RESEND_MIB=1024 npx tsx bench/resend-after-kill.ts
//
// The app's services run in a child process (tests/support/app-process.ts) against moto, through
// the byte-counting fault proxy (tests/support/fault-proxy.ts). Each scenario SIGKILLs the process
// once the proxy has carried a given share of the transfer's bytes, notes how many parts or ranges
// were in flight, starts it again over the same data folder, resumes, and counts the bytes that
// cross the proxy until the transfer is done. Re-sent share = (bytes before the kill + bytes after
// − the object's size) / size: everything beyond one copy. The bound the issue sets is the parts or
// ranges in flight at the kill (in-flight share = their bytes / size). Results: stdout (Markdown),
// committed as bench/results/resume.md.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { JournalContents } from '../src/main/transfers/journal/records';
import type { AppProcess } from '../tests/support/app-process-control';
import type { ProxyRequest } from '../tests/support/fault-proxy';
import {
  allDone,
  BUCKET,
  journalOf,
  type KillWorld,
  notDone,
  objectPut,
  PROFILE,
  partPut,
  startKillWorld,
  uploadIn,
} from '../tests/support/kill-world';

const MiB = 1024 * 1024;
const SIZE_MIB = Number(process.env.RESEND_MIB ?? 128);
const PART_MIB = 8;
const SIZE = SIZE_MIB * MiB;
const SMALL_FILES = 200;
const KILL_AT = [0.25, 0.5, 0.75];
const SETTLE_MS = 1_200_000;

const rangedGet = (r: ProxyRequest): boolean => r.method === 'GET' && r.query.get('x-id') === 'GetObject';

interface Row {
  readonly scenario: string;
  readonly killAt: string;
  readonly inFlight: number;
  readonly inFlightShare: number;
  /** Parts, ranges or files whose request had begun before the kill but that the journal did not hold as done. */
  readonly unjournaled: number;
  readonly before: number;
  readonly after: number;
  readonly size: number;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

async function until(test: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs `start` in a fresh app, kills it once `moved()` reaches `share` of `size`, resumes, measures. */
async function killAndResume(
  kw: KillWorld,
  name: string,
  share: number,
  size: number,
  traffic: (r: ProxyRequest) => boolean,
  side: 'sent' | 'received',
  unit: number,
  start: (app: AppProcess, sessionId: string) => Promise<void>,
  /** How many of them the journal on disk holds as done. */
  journaled: (journal: JournalContents) => number,
  directory?: string,
): Promise<Row> {
  const { dataDir, home } = await kw.dataFolder(`${name}-${share}`, {
    partSizeMiB: PART_MIB,
    partConcurrency: 4,
    parallelFiles: 4,
  });
  kw.proxy.script([]);
  kw.proxy.resetStats();
  const first = await kw.startApp(home, dataDir, [], directory);
  const { sessionId } = await first.request('openSession', { profile: PROFILE });
  await start(first, sessionId);
  await until(() => kw.proxy.bytes(traffic)[side] >= share * size, `${pct(share)} of ${name}`);
  const inFlight = kw.proxy.inFlight(traffic);
  await first.kill();
  const before = kw.proxy.bytes(traffic)[side];
  const unjournaled = kw.proxy.count(traffic) - journaled(await journalOf(dataDir));

  kw.proxy.resetStats();
  const second = await kw.startApp(home, dataDir, [], directory);
  await second.request('attach', {});
  await second.request('openSession', { profile: PROFILE });
  const done = await second.waitForTransfers(allDone, `${name} resumed`, SETTLE_MS);
  if (notDone(done).length > 0) throw new Error(`${name}: ${JSON.stringify(notDone(done))}`);
  const after = kw.proxy.bytes(traffic)[side];
  await second.quit();
  return {
    scenario: name,
    killAt: pct(share),
    inFlight,
    inFlightShare: (inFlight * unit) / size,
    unjournaled,
    before,
    after,
    size,
  };
}

async function main(): Promise<void> {
  const kw = await startKillWorld(2026);
  const rows: Row[] = [];
  try {
    const desktop = join(kw.scratch, 'desktop');
    await mkdir(desktop, { recursive: true });
    const big = join(desktop, 'big.bin');
    await writeFile(big, randomBytes(SIZE));
    const smallDir = join(desktop, 'small');
    await mkdir(smallDir, { recursive: true });
    const small: string[] = [];
    let smallSize = 0;
    for (let i = 0; i < SMALL_FILES; i++) {
      const body = randomBytes(4096 + (i % 16) * 4096);
      small.push(join(smallDir, `f-${i}.bin`));
      smallSize += body.length;
      await writeFile(small[i]!, body);
    }
    // The object the downloads fetch, uploaded in one piece by an administrator.
    await kw.admin.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'source/big.bin', Body: randomBytes(SIZE) }),
    );

    for (const share of KILL_AT) {
      const prefix = `up-${share}`;
      rows.push(
        await killAndResume(
          kw,
          `upload ${SIZE_MIB} MiB`,
          share,
          SIZE,
          partPut(),
          'sent',
          PART_MIB * MiB,
          async (app, sessionId) => {
            await app.drop([big]);
            await app.request('uploadPaths', { sessionId, bucket: BUCKET, prefix, paths: [big] });
          },
          (j) => uploadIn(j)?.done.length ?? 0,
        ),
      );
    }
    for (const share of KILL_AT) {
      const target = join(kw.scratch, `down-${share}`);
      await mkdir(target, { recursive: true });
      rows.push(
        await killAndResume(
          kw,
          `download ${SIZE_MIB} MiB`,
          share,
          SIZE,
          rangedGet,
          'received',
          PART_MIB * MiB,
          async (app, sessionId) => {
            await app.request('pickDirectory', {});
            await app.request('downloadObjects', {
              sessionId,
              bucket: BUCKET,
              keys: ['source/big.bin'],
              prefixes: [],
              targetDir: target,
            });
          },
          (j) => {
            const task = j.items[0]?.task;
            return task?.kind === 'download' ? (task.done?.length ?? 0) : 0;
          },
          target,
        ),
      );
    }
    rows.push(
      await killAndResume(
        kw,
        `upload ${SMALL_FILES} small files`,
        0.5,
        smallSize,
        objectPut('small/'),
        'sent',
        smallSize / SMALL_FILES,
        async (app, sessionId) => {
          await app.drop(small);
          await app.request('uploadPaths', { sessionId, bucket: BUCKET, prefix: 'small', paths: small });
        },
        (j) => SMALL_FILES - j.items.length,
      ),
    );
  } finally {
    await kw.dispose();
  }
  console.log(
    `| scenario | killed at | in flight at the kill | in-flight share | begun, not journaled | sent before | sent after | re-sent share |`,
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const resent = (r.before + r.after - r.size) / r.size;
    console.log(
      `| ${r.scenario} | ${r.killAt} | ${r.inFlight} | ${pct(r.inFlightShare)} | ${r.unjournaled} | ${(r.before / MiB).toFixed(1)} MiB | ` +
        `${(r.after / MiB).toFixed(1)} MiB | ${pct(resent)} |`,
    );
  }
}

await main();
