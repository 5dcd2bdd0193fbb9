export interface WindowLimits {
  /** Items whose work runs at once. */
  readonly working: number;
  /** Items held back (done or not) behind one still working, before the source waits. */
  readonly held: number;
}

interface Slot<T> {
  readonly promise: Promise<T>;
  done?: { readonly value: T };
}

/**
 * Passes items through in their order while some take a slow detour (`work`, or undefined to
 * pass at once): up to `working` detours run together, and items behind an unfinished one are
 * held, at most `held` of them, so memory stays bounded whatever the source's length. A detour
 * that fails fails the iteration when its turn comes.
 */
export async function* orderedWindow<T>(
  source: AsyncIterable<T>,
  work: (item: T) => Promise<T> | undefined,
  limits: WindowLimits,
): AsyncGenerator<T> {
  const queue: Slot<T>[] = [];
  let working = 0;
  const ready = function* (): Generator<T> {
    for (let head = queue[0]; head?.done; head = queue[0]) {
      queue.shift();
      yield head.done.value;
    }
  };
  for await (const item of source) {
    const detour = work(item);
    if (detour === undefined) {
      queue.push({ promise: Promise.resolve(item), done: { value: item } });
    } else {
      working++;
      const slot: Slot<T> = { promise: detour.finally(() => working--) };
      // Marked handled here; the failure is thrown where the slot is awaited, in order.
      slot.promise.then(
        (value) => {
          slot.done = { value };
        },
        () => undefined,
      );
      queue.push(slot);
    }
    yield* ready();
    while (queue.length > 0 && (working >= limits.working || queue.length >= limits.held)) {
      yield await (queue.shift() as Slot<T>).promise;
      yield* ready();
    }
  }
  while (queue.length > 0) yield await (queue.shift() as Slot<T>).promise;
}
