// Monthly estimates from the price table shipped with the app, overrides from Settings, and the
// lifecycle suggestions with what they save.
import { describe, expect, it } from 'vitest';
import type { ClassAgeCell, StorageSummary } from '../../src/shared/models/storage-summary';
import { s3StoragePrices } from '../../src/shared/pricing/s3-storage-prices';
import { estimateCost, priceList, suggestLifecycle } from '../../src/shared/storage/storage-cost';

const GiB = 2 ** 30;
const TiB = 2 ** 40;
const cell = (storageClass: string, age: ClassAgeCell['age'], bytes: number, small = 0): ClassAgeCell => ({
  storageClass,
  age,
  objects: 1,
  bytes: bytes + small,
  transitionBytes: bytes,
});
const summary = (patch: Partial<StorageSummary>): StorageSummary => ({
  summaryId: 's',
  sessionId: 'x',
  bucket: 'b',
  prefix: '',
  versions: false,
  source: { kind: 'listing' },
  region: 'us-east-1',
  status: 'done',
  startedAt: '2026-12-06T00:00:00Z',
  keysSeen: 0,
  keysPerSecond: 0,
  current: { objects: 0, bytes: 0 },
  children: [],
  cells: [],
  changedDuringCount: 0,
  oddKeys: 0,
  ...patch,
});

describe('storage cost', () => {
  it('the price table says where its prices come from and when', () => {
    expect(s3StoragePrices.source).toMatch(/^https:\/\/aws\.amazon\.com\/s3\/pricing/);
    expect(s3StoragePrices.asOf).toMatch(/^\d{4}-\d{2}/);
  });

  it('ships the transcribed prices, in the order Settings lists the classes', () => {
    expect(Object.entries(s3StoragePrices.regions['us-east-1'])).toEqual([
      ['STANDARD', 0.023],
      ['INTELLIGENT_TIERING', 0.023],
      ['STANDARD_IA', 0.0125],
      ['ONEZONE_IA', 0.01],
      ['GLACIER_IR', 0.004],
      ['GLACIER', 0.0036],
      ['DEEP_ARCHIVE', 0.00099],
      ['EXPRESS_ONEZONE', 0.11],
    ]);
    expect(priceList('us-west-1').prices).toMatchObject({
      STANDARD: 0.026,
      ONEZONE_IA: 0.0152,
      DEEP_ARCHIVE: 0.002,
    });
    // Express One Zone is sold in a few regions only: elsewhere it has no price, not a wrong one.
    expect(priceList('eu-west-1').prices.EXPRESS_ONEZONE).toBeUndefined();
    expect(priceList('us-west-2').prices.EXPRESS_ONEZONE).toBe(0.11);
  });

  it('estimates each class by the bucket region’s prices, GB = 2^30 bytes', () => {
    const s = summary({
      cells: [cell('STANDARD', 'under-30d', 100 * GiB), cell('GLACIER', 'over-1y', 1000 * GiB)],
    });
    const cost = estimateCost(s, priceList('us-east-1'));
    expect(cost.current).toEqual([
      { storageClass: 'GLACIER', bytes: 1000 * GiB, usdPerMonth: expect.closeTo(3.6, 6) },
      { storageClass: 'STANDARD', bytes: 100 * GiB, usdPerMonth: expect.closeTo(2.3, 6) },
    ]);
    expect(cost.totalUsdPerMonth).toBeCloseTo(5.9, 6);
  });

  it('uses the fallback row for a region the table lacks, and says so; Settings override a class', () => {
    const list = priceList('ap-south-2', { STANDARD: 0.02 });
    expect(list).toMatchObject({ region: 'us-east-1', fromFallback: true, overridden: ['STANDARD'] });
    expect(list.prices.STANDARD).toBe(0.02);
    const unknown = estimateCost(summary({ cells: [cell('MYSTERY', 'under-30d', GiB)] }), list);
    expect(unknown.unpriced).toEqual(['MYSTERY']);
    expect(unknown.totalUsdPerMonth).toBe(0);
  });

  it('suggests STANDARD → STANDARD_IA for bytes older than 90 days, with the saving', () => {
    const s = summary({
      cells: [
        cell('STANDARD', 'under-30d', 5 * TiB),
        cell('STANDARD', '90-365d', 2 * TiB, 50 * GiB),
        cell('STANDARD', 'over-1y', 1.2 * TiB),
      ],
    });
    const [first, second] = suggestLifecycle(s, priceList('us-east-1'));
    expect(first?.kind).toBe('to-standard-ia');
    // (2 + 1.2) TiB × ($0.023 − $0.0125) per GB-month; small objects are not moved.
    expect(first?.savesUsdPerMonth).toBeCloseTo(3.2 * 1024 * 0.0105, 6);
    expect(first?.text).toBe(
      '3.2 TiB older than 90 days in STANDARD → STANDARD_IA saves about $34.41 a month',
    );
    expect(second?.kind).toBe('to-glacier-ir');
    expect(second?.savesUsdPerMonth).toBeCloseTo(1.2 * 1024 * 0.019, 6);
  });

  it('suggests expiring noncurrent versions and aborting uploads only when there are some', () => {
    expect(suggestLifecycle(summary({}), priceList('us-east-1'))).toEqual([]);
    const s = summary({
      noncurrent: { objects: 3, bytes: 10 * GiB, byClass: { STANDARD: 10 * GiB } },
      uploads: { uploads: 1, parts: 2, bytes: GiB, atLeast: false },
    });
    expect(suggestLifecycle(s, priceList('us-east-1')).map((x) => [x.kind, x.savesUsdPerMonth])).toEqual([
      ['expire-noncurrent', expect.closeTo(0.23, 6)],
      ['abort-uploads', expect.closeTo(0.023, 6)],
    ]);
  });
});
