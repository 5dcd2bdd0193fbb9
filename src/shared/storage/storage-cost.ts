import { formatBytes } from '../format-bytes';
import type { LifecycleSuggestionKind, StorageSummary } from '../models/storage-summary';
import { s3StoragePrices } from '../pricing/s3-storage-prices';

/** AWS bills storage per GB-month with 1 GB = 2^30 bytes. */
const GB = 2 ** 30;

/** USD per GB-month by storage class, for one region, with the user's overrides applied. */
export interface PriceList {
  readonly prices: Readonly<Record<string, number>>;
  /** The table's row used: the bucket's region, or the fallback when the table has none for it. */
  readonly region: string;
  readonly fromFallback: boolean;
  /** Classes whose price came from Settings. */
  readonly overridden: readonly string[];
}

export function priceList(region: string, overrides: Readonly<Record<string, number>> = {}): PriceList {
  const regions: Readonly<Record<string, Readonly<Record<string, number>>>> = s3StoragePrices.regions;
  const row = regions[region];
  const used = row ? region : s3StoragePrices.fallbackRegion;
  return {
    prices: { ...(row ?? regions[used]), ...overrides },
    region: used,
    fromFallback: !row,
    overridden: Object.keys(overrides),
  };
}

export interface ClassCost {
  readonly storageClass: string;
  readonly bytes: number;
  /** Undefined when neither the table nor Settings has a price for the class. */
  readonly usdPerMonth?: number;
}

export interface CostEstimate {
  readonly current: readonly ClassCost[];
  readonly noncurrent: readonly ClassCost[];
  /** Parts of incomplete multipart uploads, billed as STANDARD. */
  readonly uploads?: ClassCost;
  readonly totalUsdPerMonth: number;
  /** Classes the estimate could not price (left out of the total). */
  readonly unpriced: readonly string[];
}

const cost = (storageClass: string, bytes: number, list: PriceList): ClassCost => {
  const price = list.prices[storageClass];
  return { storageClass, bytes, ...(price === undefined ? {} : { usdPerMonth: (bytes / GB) * price }) };
};

const byClass = (entries: Iterable<[string, number]>, list: PriceList): ClassCost[] => {
  const sums = new Map<string, number>();
  for (const [cls, bytes] of entries) sums.set(cls, (sums.get(cls) ?? 0) + bytes);
  return [...sums].map(([cls, bytes]) => cost(cls, bytes, list)).sort((a, b) => b.bytes - a.bytes);
};

export function estimateCost(summary: StorageSummary, list: PriceList): CostEstimate {
  const current = byClass(
    summary.cells.map((c) => [c.storageClass, c.bytes]),
    list,
  );
  const noncurrent = byClass(Object.entries(summary.noncurrent?.byClass ?? {}), list);
  const uploads = summary.uploads?.bytes ? cost('STANDARD', summary.uploads.bytes, list) : undefined;
  const all = [...current, ...noncurrent, ...(uploads ? [uploads] : [])];
  return {
    current,
    noncurrent,
    ...(uploads ? { uploads } : {}),
    totalUsdPerMonth: all.reduce((sum, c) => sum + (c.usdPerMonth ?? 0), 0),
    unpriced: [...new Set(all.filter((c) => c.usdPerMonth === undefined).map((c) => c.storageClass))],
  };
}

/** The rule each suggestion proposes, scoped to the summarised prefix. */
export interface SuggestedRule {
  readonly days: number;
  readonly transitionTo?: string;
  readonly expireNoncurrent?: boolean;
  readonly abortUploads?: boolean;
}

export const suggestedRules: Readonly<Record<LifecycleSuggestionKind, SuggestedRule>> = {
  'to-standard-ia': { days: 90, transitionTo: 'STANDARD_IA' },
  'to-glacier-ir': { days: 365, transitionTo: 'GLACIER_IR' },
  'expire-noncurrent': { days: 30, expireNoncurrent: true },
  'abort-uploads': { days: 7, abortUploads: true },
};

export interface LifecycleSuggestion {
  readonly kind: LifecycleSuggestionKind;
  readonly bytes: number;
  readonly savesUsdPerMonth: number;
  /** "3.2 TiB older than 90 days in STANDARD → STANDARD_IA saves about $X a month". */
  readonly text: string;
  /** What the estimate leaves out. */
  readonly caveat: string;
}

export const formatUsd = (usd: number): string => {
  if (usd > 0 && usd < 0.005) return 'under $0.01';
  return usd >= 100 ? `$${Math.round(usd).toLocaleString('en-US')}` : `$${usd.toFixed(2)}`;
};

/** "about $3.20", or "under $0.01" where rounding would say $0.00. */
export const aboutUsd = (usd: number): string =>
  usd > 0 && usd < 0.005 ? formatUsd(usd) : `about ${formatUsd(usd)}`;

const priceOf = (list: PriceList, cls: string): number => list.prices[cls] ?? 0;

/**
 * Lifecycle rules that would lower this prefix's monthly bill, each against today's classes
 * (so two transitions of the same bytes do not add up). Only suggestions that save money.
 */
export function suggestLifecycle(summary: StorageSummary, list: PriceList): LifecycleSuggestion[] {
  const out: LifecycleSuggestion[] = [];
  const add = (kind: LifecycleSuggestionKind, bytes: number, perGb: number, text: string, caveat: string) => {
    const saves = (bytes / GB) * perGb;
    if (bytes > 0 && saves > 0) out.push({ kind, bytes, savesUsdPerMonth: saves, text: text, caveat });
  };
  const old = (cls: string, ages: readonly string[]) =>
    summary.cells
      .filter((c) => c.storageClass === cls && ages.includes(c.age))
      .reduce((sum, c) => sum + c.transitionBytes, 0);

  const ia = old('STANDARD', ['90-365d', 'over-1y']);
  const iaSaves = priceOf(list, 'STANDARD') - priceOf(list, 'STANDARD_IA');
  add(
    'to-standard-ia',
    ia,
    iaSaves,
    `${formatBytes(ia)} older than 90 days in STANDARD → STANDARD_IA saves ${aboutUsd((ia / GB) * iaSaves)} a month`,
    'Objects under 128 KiB are not moved; STANDARD_IA bills 30 days at least and charges for reads.',
  );
  const yearOld = (['STANDARD', 'STANDARD_IA'] as const).map((cls) => ({
    cls,
    bytes: old(cls, ['over-1y']),
  }));
  const girBytes = yearOld.reduce((s, y) => s + y.bytes, 0);
  const girSaves = yearOld.reduce(
    (s, y) => s + (y.bytes / GB) * (priceOf(list, y.cls) - priceOf(list, 'GLACIER_IR')),
    0,
  );
  add(
    'to-glacier-ir',
    girBytes,
    girBytes > 0 ? (girSaves * GB) / girBytes : 0,
    `${formatBytes(girBytes)} older than a year in STANDARD or STANDARD_IA → GLACIER_IR saves ${aboutUsd(girSaves)} a month`,
    'Objects under 128 KiB are not moved; GLACIER_IR bills 90 days at least and charges more for reads.',
  );
  const nc = summary.noncurrent;
  if (nc && nc.bytes > 0) {
    const ncCost = Object.entries(nc.byClass).reduce((s, [cls, b]) => s + (b / GB) * priceOf(list, cls), 0);
    add(
      'expire-noncurrent',
      nc.bytes,
      (ncCost * GB) / nc.bytes,
      `${formatBytes(nc.bytes)} of noncurrent versions expired 30 days after they are replaced saves up to ${formatUsd(ncCost)} a month`,
      'Versions replaced less than 30 days ago are kept until then; deleted versions cannot be restored.',
    );
  }
  const up = summary.uploads;
  if (up && up.bytes > 0) {
    add(
      'abort-uploads',
      up.bytes,
      priceOf(list, 'STANDARD'),
      `${formatBytes(up.bytes)} of incomplete multipart uploads aborted after 7 days saves ${aboutUsd((up.bytes / GB) * priceOf(list, 'STANDARD'))} a month`,
      'An upload still running after 7 days is aborted too.',
    );
  }
  return out.sort((a, b) => b.savesUsdPerMonth - a.savesUsdPerMonth);
}
