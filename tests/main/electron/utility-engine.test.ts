import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { utilityEngine } from '../../../src/main/electron/utility-engine';
import type { EngineChannel } from '../../../src/main/transfers/engine-link/engine-channel';
import {
  type FromEngine,
  fromEngineSchemas,
  type Message,
  parseMessage,
} from '../../../src/shared/engine/protocol';
// @ts-expect-error: the recording stand-in is plain JavaScript.
import { utilityForks } from './fake-electron/electron.mjs';

// A template, so TypeScript does not look for types of the plain-JavaScript stand-in.
vi.mock('electron', () => import(`${'./fake-electron/electron.mjs'}`));

/**
 * The Electron glue of the engine process: utilityEngine starts the BUILT engine (out/main/engine.js)
 * through utilityProcess.fork with the streaming heap flags, and the two sides talk the shared
 * protocol. The recording stand-in plays utilityProcess with child_process.fork.
 */
const OUT = resolve(import.meta.dirname, '../../../out/main');
let channel: EngineChannel;
const received: Message<FromEngine>[] = [];
const exited = new Promise<number | null>((r) => {
  beforeAll(() => {
    if (!existsSync(join(OUT, 'engine.js')))
      throw new Error('out/main/engine.js is missing: run `npm run build` first (npm test does).');
    channel = utilityEngine(OUT)();
    channel.onMessage((raw) => {
      const parsed = parseMessage(fromEngineSchemas, raw);
      if (!parsed.ok) throw new Error(parsed.reason);
      received.push(parsed.message);
    });
    channel.onExit(r);
  });
});
afterAll(() => channel?.stop());

const next = async <T extends Message<FromEngine>['type']>(type: T) => {
  for (let i = 0; i < 500; i++) {
    const found = received.find((m) => m.type === type);
    if (found) {
      received.splice(received.indexOf(found), 1);
      return found as Extract<Message<FromEngine>, { type: T }>;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${type} from the engine`);
};

describe('the engine as a utility process', () => {
  it('is the built engine.js, started with the streaming heap flags', async () => {
    expect((await next('ready')).payload.pid).toBe(channel.pid);
    expect(utilityForks).toEqual([
      expect.objectContaining({
        modulePath: join(OUT, 'engine.js'),
        execArgv: ['--initial-old-space-size=64'],
        serviceName: 'Crossbucket transfer engine',
      }),
    ]);
  });

  it('runs a call of the protocol: a download that is discarded removes its temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'engine-utility-'));
    const id = '0b4f2a0e-1c1d-4e3b-9a55-5d6a3c2b1f00';
    const temp = join(dir, `.a.bin.crossbucket-part-${id}`);
    await writeFile(temp, 'half');
    const record = {
      kind: 'download' as const,
      id,
      bucket: 'b-1',
      key: 'a.bin',
      targetDir: dir,
      relative: 'a.bin',
      current: 'a.bin',
      folder: false,
    };
    channel.send({ type: 'open', payload: { taskId: 't1', job: { record, resumed: true, places: [] } } });
    channel.send({
      type: 'call',
      payload: {
        callId: 'c1',
        taskId: 't1',
        op: 'discard',
        mayReplace: false,
        tuning: { partSizeMiB: 8, partConcurrency: 4 },
      },
    });
    const result = await next('result');
    expect(result.payload).toMatchObject({
      callId: 'c1',
      outcome: { ok: true },
      state: { target: join(dir, 'a.bin') },
    });
    expect(existsSync(temp)).toBe(false);
  });

  it('refuses a message that does not fit the protocol, and says so', async () => {
    (channel.send as (m: unknown) => void)({ type: 'call', payload: { callId: 'c2', op: 'format-disk' } });
    expect((await next('log')).payload.message).toMatch(/Refused a message from main: call/);
  });

  it('ends when main stops it', async () => {
    channel.stop();
    expect(await exited).not.toBeUndefined();
  });
});
