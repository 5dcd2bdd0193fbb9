import { compareKeys } from './key-order';

/** One object of a sorted listing, keyed relative to the listed prefix (or folder). */
export interface Listed<T> {
  readonly key: string;
  readonly facts: T;
}

export interface Paired<T> {
  readonly key: string;
  readonly left?: T;
  readonly right?: T;
}

/** A listing that came out of order: the merge would pair the wrong keys, so it stops. */
export class OutOfOrderError extends Error {
  constructor(
    readonly side: 'left' | 'right',
    previous: string,
    key: string,
  ) {
    super(`The ${side} listing is not in S3's key order ("${key}" came after "${previous}").`);
    this.name = 'OutOfOrderError';
  }
}

async function* ordered<T>(side: 'left' | 'right', listing: AsyncIterable<Listed<T>>) {
  let previous: string | undefined;
  for await (const item of listing) {
    if (previous !== undefined && compareKeys(previous, item.key) >= 0)
      throw new OutOfOrderError(side, previous, item.key);
    previous = item.key;
    yield item;
  }
}

/**
 * Merges two listings sorted in S3's key order into pairs, holding one item of each side at a
 * time: memory stays flat however long the listings are.
 */
export async function* mergeSorted<T>(
  left: AsyncIterable<Listed<T>>,
  right: AsyncIterable<Listed<T>>,
): AsyncGenerator<Paired<T>> {
  const l = ordered('left', left)[Symbol.asyncIterator]();
  const r = ordered('right', right)[Symbol.asyncIterator]();
  try {
    // Both first pages are asked for at once: the slower side does not wait for the faster.
    let [a, b] = await Promise.all([l.next(), r.next()]);
    while (!a.done || !b.done) {
      const order = a.done ? 1 : b.done ? -1 : compareKeys(a.value.key, b.value.key);
      if (order < 0 && !a.done) {
        yield { key: a.value.key, left: a.value.facts };
        a = await l.next();
      } else if (order > 0 && !b.done) {
        yield { key: b.value.key, right: b.value.facts };
        b = await r.next();
      } else if (!a.done && !b.done) {
        yield { key: a.value.key, left: a.value.facts, right: b.value.facts };
        [a, b] = await Promise.all([l.next(), r.next()]);
      }
    }
  } finally {
    await Promise.allSettled([l.return?.(), r.return?.()]);
  }
}
