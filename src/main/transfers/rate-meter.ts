/** Bytes per second over a sliding window of (time, bytesDone) samples. */
export class RateMeter {
  readonly #samples: { t: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 3_000) {}

  sample(now: number, bytesDone: number): void {
    this.#samples.push({ t: now, bytes: bytesDone });
    // Keep one sample older than the window so the rate spans the whole window.
    while (this.#samples.length > 2 && this.#samples[1]!.t <= now - this.windowMs) this.#samples.shift();
  }

  /** 0 until two samples exist; never negative (a rolled-back part is not a negative speed). */
  rate(): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last.t <= first.t) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.t - first.t));
  }

  reset(): void {
    this.#samples.length = 0;
  }
}
