import { describe, expect, it } from 'vitest';
import { orderedWindow } from '../../../src/main/compare/ordered-window';

async function* count(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('rows that take a detour keep their order', () => {
  it('passes items in order however long each detour takes, with at most `working` at once', async () => {
    let running = 0;
    let most = 0;
    const out = await collect(
      orderedWindow(
        count(40),
        (i) => {
          if (i % 3 !== 0) return undefined;
          running++;
          most = Math.max(most, running);
          return later((40 - i) % 7, i * 10).finally(() => running--);
        },
        { working: 4, held: 10 },
      ),
    );
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? i * 10 : i)));
    expect(most).toBe(4);
  });

  it('holds no more than `held` items behind an unfinished detour', async () => {
    let pulled = 0;
    const source = (async function* () {
      for (let i = 0; i < 100; i++) {
        pulled = i;
        yield i;
      }
    })();
    let release: (v: number) => void = () => undefined;
    const window = orderedWindow(
      source,
      (i) => (i === 0 ? new Promise<number>((resolve) => (release = resolve)) : undefined),
      { working: 4, held: 5 },
    );
    const first = window.next();
    await later(20, null);
    expect(pulled).toBe(4);
    release(0);
    expect((await first).value).toBe(0);
    expect(await collect(window)).toHaveLength(99);
  });

  it('fails where the failed detour’s turn comes, never as an unhandled rejection', async () => {
    const window = orderedWindow(
      count(5),
      (i) => (i === 2 ? later(5, 0).then(() => Promise.reject(new Error('gone'))) : undefined),
      { working: 2, held: 5 },
    );
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of window) seen.push(item);
      })(),
    ).rejects.toThrow('gone');
    expect(seen).toEqual([0, 1]);
  });
});
