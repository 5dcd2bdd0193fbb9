import { type FileWatch, watchFiles } from '../profiles/watch-files';

/** The CLI writes the token file in steps (temporary file, rename); one look after the burst is enough. */
const SETTLE_MS = 150;

/**
 * Watches the shared cache's token files, so a sign-in, refresh or sign-out made by the AWS
 * CLI shows up in the app at once instead of at the next failure.
 */
export class CacheWatch {
  readonly #onChange: () => void;
  #watch: FileWatch | undefined;
  #paths = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  /** Watches exactly these files (the sign-ins of the config may have changed). */
  follow(paths: readonly string[]): void {
    const key = paths.join('\n');
    if (key === this.#paths || this.#closed) return;
    this.#watch?.close();
    this.#paths = key;
    this.#watch = watchFiles(paths, () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        if (!this.#closed) this.#onChange();
      }, SETTLE_MS);
    });
  }

  close(): void {
    this.#closed = true;
    this.#watch?.close();
    clearTimeout(this.#timer);
  }
}
