// Beyond one listing: the summary from a bucket's S3 Inventory report (written here in the
// documented layout, as moto stores configurations but writes no reports), in CSV and Parquet;
// a manifest missing, truncated or for another bucket; a damaged data file; configuring an
// inventory with the destination policy moto accepts.
import {
  GetBucketInventoryConfigurationCommand,
  PutBucketInventoryConfigurationCommand,
  PutBucketPolicyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  INVENTORY_ID,
  InventoryService,
} from '../../../src/main/storage-summary/inventory/inventory-service';
import type { AppFailure } from '../../../src/shared/errors/app-error';
import { type ReportRow, writeInventoryReport } from '../../support/inventory-report';
import { allow, policy } from '../../support/policies';
import { ACCOUNT, useS3World } from '../s3/s3-fixture';

const SOURCE = 'big-source';
const OTHER = 'other-source';
const DEST = 'inventory-dest';
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-12-06T12:00:00Z');
const ago = (days: number) => new Date(NOW - days * DAY);

const rows: ReportRow[] = [
  { key: 'logs/2024/a.gz', size: 1000, lastModified: ago(400) },
  { key: 'logs/2025/b.gz', size: 300_000, lastModified: ago(100), storageClass: 'STANDARD' },
  { key: 'logs/new.gz', size: 50, lastModified: ago(2) },
  { key: 'media/x, "quoted".mov', size: 7000, lastModified: ago(45), storageClass: 'STANDARD_IA' },
  { key: 'logs/old.gz', size: 9, lastModified: ago(500), isLatest: false, versionId: 'v1' },
  { key: 'logs/gone.gz', lastModified: ago(1), isDeleteMarker: true, versionId: 'v2' },
  { key: 'top.txt', size: 5, lastModified: ago(10) },
];

describe('storage summary from S3 Inventory', () => {
  const suite = useS3World(
    {
      users: { admin: { policies: [policy(allow('s3:*'))] } },
      buckets: { [SOURCE]: {}, [OTHER]: {}, [DEST]: {} },
    },
    { liftAuth: true },
  );
  let admin: S3Client;
  const inventory = () =>
    new InventoryService({
      pool: suite.pool,
      bucketOwner: async () => ({ account: ACCOUNT, how: 'the test knows' }),
      bucketRegion: async () => 'us-east-1',
      now: () => NOW,
    });
  const configure = (bucket: string, id: string, format: 'CSV' | 'Parquet', prefix: string) =>
    admin.send(
      new PutBucketInventoryConfigurationCommand({
        Bucket: bucket,
        Id: id,
        InventoryConfiguration: {
          Id: id,
          IsEnabled: true,
          IncludedObjectVersions: 'All',
          Schedule: { Frequency: 'Daily' },
          Destination: {
            S3BucketDestination: { Bucket: `arn:aws:s3:::${DEST}`, Format: format, Prefix: prefix },
          },
        },
      }),
    );
  const report = (
    id: string,
    format: 'CSV' | 'Parquet',
    extra: Partial<Parameters<typeof writeInventoryReport>[1]> = {},
  ) =>
    writeInventoryReport(admin, {
      sourceBucket: SOURCE,
      destinationBucket: DEST,
      prefix: 'reports',
      configurationId: id,
      date: '2026-12-05T01-00Z',
      format,
      files: [rows.slice(0, 4), rows.slice(4)],
      ...extra,
    });

  beforeAll(async () => {
    admin = suite.world.s3For(ACCOUNT);
    for (const [id, format] of [
      ['daily-csv', 'CSV'],
      ['daily-parquet', 'Parquet'],
      ['never-delivered', 'CSV'],
      ['truncated', 'CSV'],
      ['foreign', 'CSV'],
      ['damaged', 'CSV'],
    ] as const)
      await configure(SOURCE, id, format, 'reports');
    await report('daily-csv', 'CSV');
    // An older report beside it: the newest one is read.
    await report('daily-csv', 'CSV', { date: '2026-11-01T01-00Z', files: [[rows[0]!]] });
    await report('daily-parquet', 'Parquet');
    await report('truncated', 'CSV', { manifestText: (json) => json.slice(0, json.length / 2) });
    await report('foreign', 'CSV', { manifestText: (json) => json.replace(SOURCE, OTHER) });
    await report('damaged', 'CSV', {
      damage: (bytes, i) => (i === 1 ? bytes.subarray(0, bytes.length - 12) : bytes),
    });
  });

  it('lists the bucket’s inventory configurations', async () => {
    const status = await inventory().status('admin', SOURCE);
    expect(status.error).toBeUndefined();
    expect(status.configurations.find((c) => c.id === 'daily-csv')).toMatchObject({
      enabled: true,
      format: 'CSV',
      destinationBucket: DEST,
      destinationPrefix: 'reports',
      frequency: 'Daily',
    });
  });

  for (const [id, format] of [
    ['daily-csv', 'CSV'],
    ['daily-parquet', 'Parquet'],
  ] as const) {
    it(`summarises the newest ${format} report: sub-prefixes, classes, ages, versions apart`, async () => {
      const summary = await inventory().summarise('admin', SOURCE, 'logs/', id);
      expect(summary.status).toBe('done');
      expect(summary.source).toMatchObject({ kind: 'inventory', reportDate: '2026-12-05T01:00:00.000Z' });
      expect(summary.current).toEqual({ objects: 3, bytes: 301_050 });
      expect(summary.children.map((c) => [c.prefix, c.objects, c.bytes])).toEqual([
        ['logs/2025/', 1, 300_000],
        ['logs/2024/', 1, 1000],
        ['', 1, 50],
      ]);
      expect(summary.noncurrent).toMatchObject({ objects: 1, bytes: 9 });
      expect(summary.deleteMarkers).toBe(1);
      expect(summary.cells.map((c) => [c.storageClass, c.age, c.bytes, c.transitionBytes])).toEqual([
        ['STANDARD', 'under-30d', 50, 0],
        ['STANDARD', '90-365d', 300_000, 300_000],
        ['STANDARD', 'over-1y', 1000, 0],
      ]);
      const whole = await inventory().summarise('admin', SOURCE, '', id);
      // A key with a comma and quotes survives the CSV's quoting and URL-encoding.
      expect(whole.children.find((c) => c.prefix === 'media/')).toMatchObject({ objects: 1, bytes: 7000 });
    });
  }

  const failure = async (id: string) =>
    (await inventory()
      .summarise('admin', SOURCE, '', id)
      .then(
        () => undefined,
        (err: AppFailure) => err.appError,
      ))!;

  it('says when no report has been delivered yet', async () => {
    const error = await failure('never-delivered');
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(
      /No inventory report is in s3:\/\/inventory-dest\/reports\/big-source\/never-delivered\//,
    );
    expect(error.hints?.join(' ')).toMatch(/48 hours/);
  });

  it('refuses a truncated manifest and one for another bucket', async () => {
    expect(await failure('truncated')).toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/not whole JSON/),
    });
    expect(await failure('foreign')).toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/inventory of other-source, not of big-source/),
    });
    expect((await failure('no-such-config')).code).toBe('not-found');
  });

  it('marks the summary partial when a data file is damaged, keeping the files read', async () => {
    const summary = await inventory().summarise('admin', SOURCE, '', 'damaged');
    expect(summary.status).toBe('partial');
    expect(summary.error?.message).toMatch(/is damaged/);
    expect(summary.current.objects).toBe(4);
  });

  it('configures an inventory and builds the destination policy that S3 accepts', async () => {
    const setup = await inventory().configure('admin', OTHER, DEST, 'inventories/');
    expect(setup.configurationId).toBe(INVENTORY_ID);
    const stored = await admin.send(
      new GetBucketInventoryConfigurationCommand({ Bucket: OTHER, Id: INVENTORY_ID }),
    );
    expect(stored.InventoryConfiguration).toMatchObject({
      IsEnabled: true,
      IncludedObjectVersions: 'All',
      Destination: {
        S3BucketDestination: { Bucket: `arn:aws:s3:::${DEST}`, Format: 'CSV', Prefix: 'inventories/' },
      },
    });
    expect(setup.destinationPolicy).toMatchObject({
      kind: 'bucket-policy',
      account: ACCOUNT,
      target: `bucket ${DEST}`,
    });
    const doc = JSON.parse(setup.destinationPolicy.json);
    expect(doc.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${DEST}/inventories/*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${OTHER}` },
          StringEquals: { 'aws:SourceAccount': ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      }),
    ]);
    await admin.send(new PutBucketPolicyCommand({ Bucket: DEST, Policy: setup.destinationPolicy.json }));
    const listed = await inventory().status('admin', OTHER);
    expect(listed.configurations.map((c) => c.id)).toEqual([INVENTORY_ID]);
  });
});
