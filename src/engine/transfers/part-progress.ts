/**
 * Bytes of finished parts plus bytes of parts in flight. An interrupted part goes back to
 * zero, so progress never counts a byte twice when the part is sent again.
 */
export class PartProgress {
  #committed = 0;
  readonly #inflight = new Map<number, number>();

  add(part: number, bytes: number): void {
    this.#inflight.set(part, (this.#inflight.get(part) ?? 0) + bytes);
  }

  commit(part: number, bytes: number): void {
    this.#inflight.delete(part);
    this.#committed += bytes;
  }

  drop(part: number): void {
    this.#inflight.delete(part);
  }

  dropAll(): void {
    this.#inflight.clear();
  }

  reset(): void {
    this.#inflight.clear();
    this.#committed = 0;
  }

  done(): number {
    let sum = this.#committed;
    for (const bytes of this.#inflight.values()) sum += bytes;
    return sum;
  }
}
