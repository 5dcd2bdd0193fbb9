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
  fallbackRegion: 'us-east-1',
  regions: {
    'us-east-1': {
      STANDARD: 0.023,
      INTELLIGENT_TIERING: 0.023,
      STANDARD_IA: 0.0125,
      ONEZONE_IA: 0.01,
      GLACIER_IR: 0.004,
      GLACIER: 0.0036,
      DEEP_ARCHIVE: 0.00099,
      EXPRESS_ONEZONE: 0.11,
    },
    'us-east-2': {
      STANDARD: 0.023,
      INTELLIGENT_TIERING: 0.023,
      STANDARD_IA: 0.0125,
      ONEZONE_IA: 0.01,
      GLACIER_IR: 0.004,
      GLACIER: 0.0036,
      DEEP_ARCHIVE: 0.00099,
    },
    'us-west-2': {
      STANDARD: 0.023,
      INTELLIGENT_TIERING: 0.023,
      STANDARD_IA: 0.0125,
      ONEZONE_IA: 0.01,
      GLACIER_IR: 0.004,
      GLACIER: 0.0036,
      DEEP_ARCHIVE: 0.00099,
      EXPRESS_ONEZONE: 0.11,
    },
    'us-west-1': {
      STANDARD: 0.026,
      INTELLIGENT_TIERING: 0.026,
      STANDARD_IA: 0.019,
      ONEZONE_IA: 0.0152,
      GLACIER_IR: 0.005,
      GLACIER: 0.004,
      DEEP_ARCHIVE: 0.002,
    },
    'eu-west-1': {
      STANDARD: 0.023,
      INTELLIGENT_TIERING: 0.023,
      STANDARD_IA: 0.0125,
      ONEZONE_IA: 0.01,
      GLACIER_IR: 0.004,
      GLACIER: 0.0036,
      DEEP_ARCHIVE: 0.00099,
    },
  },
} as const satisfies {
  source: string;
  asOf: string;
  currency: string;
  fallbackRegion: string;
  regions: Record<string, Record<string, number>>;
};
