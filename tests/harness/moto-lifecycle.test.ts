// The server must never outlive its owner: not after stop(), not after the owner is killed.
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startMoto } from '../support/moto';

/** Processes whose command line runs moto on this port. */
function motoProcessesOn(port: number): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table.split('\n').filter((line) => line.includes('moto_server') && line.includes(`-p ${port}`));
}

describe('moto server lifecycle', () => {
  it('answers after start and leaves no process behind after stop', async () => {
    const moto = await startMoto({ noAuthActions: 0 });
    expect((await fetch(`${moto.endpoint}/moto-api/config`)).ok).toBe(true);
    expect(motoProcessesOn(moto.port).length).toBeGreaterThan(0);
    await moto.stop();
    expect(motoProcessesOn(moto.port)).toEqual([]);
    await expect(fetch(`${moto.endpoint}/moto-api/config`)).rejects.toThrow();
    await moto.stop();
  });

  it('dies with its owner even when the owner is SIGKILLed', async () => {
    const owner = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${resolve(import.meta.dirname, '../support/moto.ts')}').then(async ({ startMoto }) => {
          const moto = await startMoto({ noAuthActions: 0 });
          console.log(moto.port);
          setInterval(() => {}, 1000);
        });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const port = await new Promise<number>((resolvePort, reject) => {
      owner.stdout.once('data', (chunk: Buffer) => resolvePort(Number(chunk.toString().trim())));
      owner.once('exit', () => reject(new Error('owner exited before starting moto')));
    });
    expect(motoProcessesOn(port).length).toBeGreaterThan(0);
    owner.kill('SIGKILL');
    const deadline = Date.now() + 5_000;
    while (motoProcessesOn(port).length > 0 && Date.now() < deadline) await sleep(50);
    expect(motoProcessesOn(port)).toEqual([]);
  });
});
