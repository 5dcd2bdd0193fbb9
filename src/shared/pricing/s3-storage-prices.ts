import { storageClasses } from '../models/objects';

/**
 * The table's columns, in the order Settings lists them: the classes an object can be given,
 * then S3 Express One Zone, which only directory buckets hold but a storage summary can meet.
 */
const CLASSES = [...storageClasses, 'EXPRESS_ONEZONE'] as const;

/**
 * USD per GB-month, one region a row, one class (above) a column. A row that stops early means
 * the region does not sell the classes after it (S3 Express One Zone is in a few regions only).
 */
// biome-ignore format: a table reads down its columns
const ROWS = {
  //            STANDARD INT_TIER STANDARD_IA ONEZONE_IA GLACIER_IR GLACIER DEEP_ARCHIVE EXPRESS_ONEZONE
  'us-east-1': [0.023,   0.023,   0.0125,     0.01,      0.004,     0.0036, 0.00099,     0.11],
  'us-east-2': [0.023,   0.023,   0.0125,     0.01,      0.004,     0.0036, 0.00099],
  'us-west-2': [0.023,   0.023,   0.0125,     0.01,      0.004,     0.0036, 0.00099,     0.11],
  'us-west-1': [0.026,   0.026,   0.019,      0.0152,    0.005,     0.004,  0.002],
  'eu-west-1': [0.023,   0.023,   0.0125,     0.01,      0.004,     0.0036, 0.00099],
} as const satisfies Record<string, readonly number[]>;

type Region = keyof typeof ROWS;

const pricesByClass = (row: readonly number[]): Readonly<Record<string, number>> =>
  Object.fromEntries(row.map((price, column) => [CLASSES[column], price]));

/**
 * S3 storage prices shipped with the app, for estimates only: storage per GB-month (1 GB = 2^30
 * bytes, as AWS bills), the first volume tier of each class, no requests, retrievals, minimum
 * durations or minimum object sizes. Users override any class in Settings (their own discounts,
 * a region not listed here, a later price change).
 */
export const s3StoragePrices = {
  source: 'https://aws.amazon.com/s3/pricing/ (Storage tab, first tier: the first 50 TB a month)',
  /** When these figures were transcribed; prices may have changed since. */
  asOf: '2025-06',
  currency: 'USD',
  /** Regions without a row are estimated with this one's prices, and say so. */
  fallbackRegion: 'us-east-1' satisfies Region,
  regions: Object.fromEntries(
    Object.entries(ROWS).map(([region, row]) => [region, pricesByClass(row)]),
  ) as Readonly<Record<Region, Readonly<Record<string, number>>>>,
} as const;
