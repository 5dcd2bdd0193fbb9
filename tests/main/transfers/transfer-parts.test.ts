import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitRanges } from '../../../src/engine/transfers/byte-ranges';
import { resolveInside } from '../../../src/engine/transfers/safe-path';
import { parentFolder } from '../../../src/main/transfers/list-selection';
import { RateMeter } from '../../../src/main/transfers/rate-meter';
import { toSafeRelativePath } from '../../../src/main/transfers/safe-name';
import { Throttle } from '../../../src/main/transfers/throttle';
import { walkPaths } from '../../../src/main/transfers/walk-paths';
import { AppFailure } from '../../../src/shared/errors/app-error';
import type { Clock } from '../../../src/shared/transfers/clock';
import { firstFreeName, numberedName } from '../../../src/shared/transfers/free-name';
import { isTransient, withRetry } from '../../../src/shared/transfers/retry';

/** Time that moves only when the test says so. */
class ManualClock implements Clock {
  t = 0;
  readonly #timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  later(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + ms, fn };
    this.#timers.push(timer);
    return () => this.#timers.splice(this.#timers.indexOf(timer), 1);
  }
  advance(ms: number): void {
    this.t += ms;
    for (const timer of this.#timers.filter((x) => x.at <= this.t)) {
      this.#timers.splice(this.#timers.indexOf(timer), 1);
      timer.fn();
    }
  }
}

describe('safe paths for downloaded keys', () => {
  it.each([
    ['photos/a.jpg', 'photos/a.jpg', false],
    ['../evil', '__/evil', true],
    ['/abs', 'abs', true],
    ['a/../../b', 'a/__/__/b', true],
    ['a//b', 'a/b', true],
    ['a\\..\\b', 'a_.._b', true],
    ['nul\u0000byte', 'nul_byte', true],
    ['CON', '_CON', true],
    ['dir/com1.txt', 'dir/_com1.txt', true],
    ['trailing. ', 'trailing', true],
    ['what?.txt', 'what_.txt', true],
    ['folder/', 'folder', false],
    ['日本語/файл.txt', '日本語/файл.txt', false],
  ])('%j → %j', (key, relative, renamed) => {
    const safe = toSafeRelativePath(key);
    expect(safe?.relative).toBe(relative);
    expect(safe?.renamedFrom).toBe(renamed ? key : undefined);
  });

  it('leaves out keys with nothing nameable', () => {
    expect(toSafeRelativePath('/')).toBeUndefined();
    expect(toSafeRelativePath('./.')).toBeUndefined();
  });

  it('resolves only inside the folder', () => {
    const dir = resolve('/tmp/dl');
    expect(resolveInside(dir, 'a/b.txt')).toBe(join(dir, 'a', 'b.txt'));
    expect(() => resolveInside(dir, '../x')).toThrow(AppFailure);
    // A sibling whose name starts with the folder's name is outside too.
    expect(() => resolveInside(dir, '../dl-other/x')).toThrow(AppFailure);
    expect(resolveInside(dir, 'x').startsWith(dir + sep)).toBe(true);
  });
});

describe('keep-both names', () => {
  it('numbers before the extension of the last segment only', () => {
    expect(numberedName('photo.jpg', 1)).toBe('photo (1).jpg');
    expect(numberedName('a.b/archive', 2)).toBe('a.b/archive (2)');
    expect(numberedName('x/.env', 1)).toBe('x/.env (1)');
    expect(numberedName('x/data.tar.gz', 3)).toBe('x/data.tar (3).gz');
  });

  it('takes the first free number', async () => {
    const taken = new Set(['r.txt (1)', 'r (1).txt', 'r (2).txt']);
    expect(await firstFreeName('r.txt', async (c) => taken.has(c))).toBe('r (3).txt');
  });
});

describe('walking dropped paths', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'walk-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps the folder name, nests, marks empty folders, and leaves out links', async () => {
    await mkdir(join(root, 'photos', 'trip', 'empty'), { recursive: true });
    await writeFile(join(root, 'photos', 'a.jpg'), 'a');
    await writeFile(join(root, 'photos', 'trip', 'Ünïcødé 写真.png'.normalize('NFD')), 'bb');
    await writeFile(join(root, 'loose.txt'), 'ccc');
    await symlink(join(root, 'loose.txt'), join(root, 'photos', 'link.txt'));

    const { entries, notices } = await walkPaths([join(root, 'photos'), join(root, 'loose.txt')]);
    expect(entries.map((e) => [e.relativeKey, e.kind, e.size])).toEqual([
      ['photos/a.jpg', 'file', 1],
      // A decomposed name is composed only where that opens the same file (macOS); here, on
      // Linux, it is a name of its own and keeps its form.
      ['photos/trip/Ünïcødé 写真.png'.normalize('NFD'), 'file', 2],
      ['photos/trip/empty/', 'folder', 0],
      ['loose.txt', 'file', 3],
    ]);
    expect(notices).toEqual([`${join(root, 'photos', 'link.txt')}: symbolic link left out`]);
  });

  it('uploads two names that differ only in Unicode normalisation as two keys, never one', async () => {
    const folder = join(root, 'twins');
    await mkdir(folder);
    await writeFile(join(folder, 'Café.txt'.normalize('NFC')), 'composed');
    await writeFile(join(folder, 'Café.txt'.normalize('NFD')), 'decomposed');

    const { entries } = await walkPaths([folder]);
    const keys = entries.map((e) => e.relativeKey);
    expect(new Set(keys).size).toBe(2);
    expect(keys.sort()).toEqual(
      [`twins/${'Café.txt'.normalize('NFC')}`, `twins/${'Café.txt'.normalize('NFD')}`].sort(),
    );
  });

  it('reports a missing path instead of failing the drop', async () => {
    const { entries, notices } = await walkPaths([join(root, 'gone')]);
    expect(entries).toEqual([]);
    expect(notices).toEqual([
      `${join(root, 'gone')}: not found (moved or deleted since it was chosen?), so it was left out.`,
    ]);
    expect(notices[0]).not.toMatch(/E[A-Z]{3,}/);
  });
});

describe('progress pacing', () => {
  it('emits at once, then folds bursts into one trailing call per interval', () => {
    const clock = new ManualClock();
    let calls = 0;
    const throttle = new Throttle(clock, 250, () => calls++);
    throttle.request();
    expect(calls).toBe(1);
    for (let i = 0; i < 100; i++) throttle.request();
    expect(calls).toBe(1);
    clock.advance(249);
    expect(calls).toBe(1);
    clock.advance(1);
    expect(calls).toBe(2);
    clock.advance(1000);
    expect(calls).toBe(2);
  });

  it('asks an interval given as a function each time, so pacing can follow the load', () => {
    const clock = new ManualClock();
    let calls = 0;
    let interval = 250;
    const throttle = new Throttle(
      clock,
      () => interval,
      () => calls++,
    );
    throttle.request();
    interval = 1000;
    throttle.request();
    clock.advance(999);
    expect(calls).toBe(1);
    clock.advance(1);
    expect(calls).toBe(2);
  });

  it('measures the rate over the sliding window only', () => {
    const meter = new RateMeter(3000);
    meter.sample(0, 0);
    meter.sample(1000, 10_000_000);
    expect(meter.rate()).toBe(10_000_000);
    // A stall: after the window the old burst no longer counts.
    meter.sample(5000, 10_000_000);
    meter.sample(6000, 10_000_000);
    expect(meter.rate()).toBe(0);
  });
});

describe('retries', () => {
  const slowDown = Object.assign(new Error('slow down'), {
    name: 'SlowDown',
    $metadata: { httpStatusCode: 503 },
  });
  const denied = Object.assign(new Error('denied'), {
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 },
  });
  const expired = new AppFailure('token-expired', 'expired');

  it('classifies throttling, 5xx and resets as transient; denials and expiry as not', () => {
    expect(isTransient(slowDown)).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { name: 'RequestTimeout' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(denied)).toBe(false);
    expect(isTransient(expired)).toBe(false);
  });

  it('tries a transient failure again with growing back-off, at most five times', async () => {
    const clock = new ManualClock();
    const waits: number[] = [];
    const later = clock.later.bind(clock);
    clock.later = (fn, ms) => {
      waits.push(ms);
      return later(fn, ms);
    };
    let attempts = 0;
    const outcome = withRetry(
      async () => {
        attempts++;
        throw slowDown;
      },
      { clock, signal: new AbortController().signal, policy: { tries: 5, baseMs: 100, maxMs: 10_000 } },
    ).then(
      () => undefined,
      (err: unknown) => err,
    );
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(10_000);
    }
    expect(await outcome).toBe(slowDown);
    expect(attempts).toBe(5);
    expect(waits.length).toBe(4);
    for (const [i, ms] of waits.entries()) expect(ms).toBeLessThanOrEqual(100 * 2 ** i);
  });

  it('does not retry an AccessDenied', async () => {
    let attempts = 0;
    await expect(
      withRetry(
        async () => {
          attempts++;
          throw denied;
        },
        { clock: new ManualClock(), signal: new AbortController().signal },
      ),
    ).rejects.toBe(denied);
    expect(attempts).toBe(1);
  });
});

describe('ranges and folders', () => {
  it('covers every byte once, growing parts past 10,000', () => {
    const ranges = splitRanges(25, 10);
    expect(ranges.map((r) => [r.start, r.end])).toEqual([
      [0, 9],
      [10, 19],
      [20, 24],
    ]);
    expect(splitRanges(100_001, 10).length).toBeLessThanOrEqual(10_000);
  });

  it('finds the parent folder of a pick', () => {
    expect(parentFolder('a/b/c.txt')).toBe('a/b/');
    expect(parentFolder('a/photos/')).toBe('a/');
    expect(parentFolder('top')).toBe('');
  });
});
