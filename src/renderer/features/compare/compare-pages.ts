import type { ComparePage } from '../../../shared/models/compare';

/**
 * Which compare pages a window applies. A small compare can finish in main before
 * `startCompare` answers with its id, so pages that arrive while the window waits for the id are
 * held and applied once it is known ("Comparing…" for ever was the bug); pages of any other
 * compare are dropped.
 */
export class ComparePages {
  #current: string | undefined;
  /** Pages held while the id is awaited; undefined when nothing is being started. */
  #early: ComparePage[] | undefined;

  constructor(private readonly apply: (page: ComparePage) => void) {}

  /** The compare the window shows, once its id is known. */
  get current(): string | undefined {
    return this.#current;
  }

  /** A new compare is being asked for: the old one's pages stop, the new one's are held. */
  starting(): void {
    this.#current = undefined;
    this.#early = [];
  }

  /** Main answered with the id: the pages held for it are applied, in the order they came. */
  started(compareId: string): void {
    this.#current = compareId;
    const held = this.#early ?? [];
    this.#early = undefined;
    for (const page of held) if (page.compareId === compareId) this.apply(page);
  }

  /** The compare could not start: nothing is held for it. */
  failed(): void {
    this.#early = undefined;
  }

  receive(page: ComparePage): void {
    if (page.compareId === this.#current) this.apply(page);
    else if (this.#current === undefined) this.#early?.push(page);
  }
}
