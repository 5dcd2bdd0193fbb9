import {
  type AgeBand,
  ageBands,
  type ChildTally,
  type ClassAgeCell,
  type StorageSummary,
} from '../../shared/models/storage-summary';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Lifecycle transitions skip objects smaller than this unless a rule says otherwise. */
export const MIN_TRANSITION_BYTES = 128 * 1024;
/**
 * Sub-prefixes tallied one by one; later ones are added together. Listings come in key order,
 * so each sub-prefix's keys arrive together and the cap bounds memory for any folder.
 */
export const MAX_CHILDREN = 2_000;

export function ageBandOf(lastModified: Date | undefined, now: number): AgeBand {
  const days = lastModified ? (now - lastModified.getTime()) / DAY_MS : 0;
  if (days < 30) return 'under-30d';
  if (days < 90) return '30-90d';
  if (days < 365) return '90-365d';
  return 'over-1y';
}

/** Control characters (C0, DEL, C1) and the replacement character an undecodable byte becomes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ODD = /[\u0000-\u001f\u007f-\u009f\ufffd]/;

export interface EntryFacts {
  readonly key: string;
  readonly size: number;
  readonly storageClass: string;
  readonly lastModified?: Date;
}

interface MutableTally {
  objects: number;
  bytes: number;
}

type MutableCell = { -readonly [K in keyof ClassAgeCell]: ClassAgeCell[K] };

interface MutableChild extends MutableTally {
  byClass: Record<string, number>;
}

/**
 * Counts one streamed listing: per immediate sub-prefix of `base`, per storage class and age
 * band, noncurrent versions and delete markers apart. Holds sums only, never the keys.
 */
export class SummaryTally {
  readonly #base: string;
  readonly #now: number;
  readonly #children = new Map<string, MutableChild>();
  readonly #others = { objects: 0, bytes: 0, prefixes: 0 };
  #lastOther: string | undefined;
  /** By storage class, then age band (indexed as in `ageBands`). */
  readonly #cells = new Map<string, MutableCell[]>();
  readonly current: MutableTally = { objects: 0, bytes: 0 };
  readonly noncurrent = { objects: 0, bytes: 0, byClass: {} as Record<string, number> };
  deleteMarkers = 0;
  keysSeen = 0;
  changedDuringCount = 0;
  oddKeys = 0;

  constructor(base: string, now: number) {
    this.#base = base;
    this.#now = now;
  }

  /** The immediate sub-prefix a key belongs to under the base, or '' for a key directly in it. */
  childOf(key: string): string {
    const slash = key.indexOf('/', this.#base.length);
    return slash < 0 ? '' : key.slice(0, slash + 1);
  }

  #seen(e: EntryFacts): void {
    this.keysSeen++;
    if (ODD.test(e.key)) this.oddKeys++;
    if (e.lastModified && e.lastModified.getTime() > this.#now) this.changedDuringCount++;
  }

  addCurrent(e: EntryFacts): void {
    this.#seen(e);
    this.current.objects++;
    this.current.bytes += e.size;
    const age = ageBandOf(e.lastModified, this.#now);
    let byAge = this.#cells.get(e.storageClass);
    if (!byAge) {
      byAge = [];
      this.#cells.set(e.storageClass, byAge);
    }
    const band = ageBands.indexOf(age);
    let cell = byAge[band];
    if (!cell) {
      cell = { storageClass: e.storageClass, age, objects: 0, bytes: 0, transitionBytes: 0 };
      byAge[band] = cell;
    }
    cell.objects++;
    cell.bytes += e.size;
    if (e.size >= MIN_TRANSITION_BYTES) cell.transitionBytes += e.size;
    const name = this.childOf(e.key);
    const child = this.#children.get(name);
    if (child) {
      child.objects++;
      child.bytes += e.size;
      child.byClass[e.storageClass] = (child.byClass[e.storageClass] ?? 0) + e.size;
    } else if (this.#children.size < MAX_CHILDREN) {
      this.#children.set(name, { objects: 1, bytes: e.size, byClass: { [e.storageClass]: e.size } });
    } else {
      if (name !== this.#lastOther) this.#others.prefixes++;
      this.#lastOther = name;
      this.#others.objects++;
      this.#others.bytes += e.size;
    }
  }

  addNoncurrent(e: EntryFacts): void {
    this.#seen(e);
    this.noncurrent.objects++;
    this.noncurrent.bytes += e.size;
    this.noncurrent.byClass[e.storageClass] = (this.noncurrent.byClass[e.storageClass] ?? 0) + e.size;
  }

  addDeleteMarker(e: Omit<EntryFacts, 'size' | 'storageClass'>): void {
    this.#seen({ ...e, size: 0, storageClass: '' });
    this.deleteMarkers++;
  }

  /** The numbers as a summary's fields; children largest first. */
  snapshot(
    versions: boolean,
  ): Pick<
    StorageSummary,
    | 'keysSeen'
    | 'current'
    | 'noncurrent'
    | 'deleteMarkers'
    | 'children'
    | 'otherChildren'
    | 'cells'
    | 'changedDuringCount'
    | 'oddKeys'
  > {
    const children: ChildTally[] = [...this.#children].map(([prefix, c]) => ({
      prefix,
      objects: c.objects,
      bytes: c.bytes,
      byClass: { ...c.byClass },
    }));
    children.sort((a, b) => b.bytes - a.bytes || a.prefix.localeCompare(b.prefix));
    const cells = [...this.#cells.keys()]
      .sort((a, b) => a.localeCompare(b))
      .flatMap((cls) => (this.#cells.get(cls) ?? []).filter((c) => c !== undefined).map((c) => ({ ...c })));
    return {
      keysSeen: this.keysSeen,
      current: { ...this.current },
      ...(versions
        ? {
            noncurrent: { ...this.noncurrent, byClass: { ...this.noncurrent.byClass } },
            deleteMarkers: this.deleteMarkers,
          }
        : {}),
      children,
      ...(this.#others.prefixes > 0 ? { otherChildren: { ...this.#others } } : {}),
      cells,
      changedDuringCount: this.changedDuringCount,
      oddKeys: this.oddKeys,
    };
  }
}
