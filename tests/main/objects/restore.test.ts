import { PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { RestoreService, restorePlan } from '../../../src/main/objects/restore/restore-service';
import { parseRestoreStatus } from '../../../src/main/objects/restore/restore-status';
import { ObjectDetailsService } from '../../../src/main/s3/object-details';
import { allow, policy } from '../../support/policies';
import { ACCOUNT, useS3World } from '../s3/s3-fixture';

const BUCKET = 'archive-src';

describe('reading the x-amz-restore header', () => {
  it('tells a running restore from a restored copy and its expiry', () => {
    expect(parseRestoreStatus('ongoing-request="true"')).toEqual({ ongoing: true });
    expect(
      parseRestoreStatus('ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"'),
    ).toEqual({
      ongoing: false,
      expiresAt: '2012-12-21T00:00:00.000Z',
    });
    expect(parseRestoreStatus(undefined)).toBeUndefined();
    expect(parseRestoreStatus('garbage')).toBeUndefined();
    expect(parseRestoreStatus('ongoing-request="false", expiry-date="not a date"')).toEqual({
      ongoing: false,
    });
  });
});

describe('what a restore request looks like for each object', () => {
  const bulk = { days: 7, tier: 'Bulk' as const };

  it('asks Glacier and Deep Archive for a copy that lasts some days', () => {
    expect(restorePlan({ StorageClass: 'GLACIER', $metadata: {} }, bulk)).toEqual({ days: 7 });
    expect(restorePlan({ StorageClass: 'DEEP_ARCHIVE', $metadata: {} }, bulk)).toEqual({ days: 7 });
  });

  it('asks Intelligent-Tiering archive tiers for no days: they move back for good', () => {
    expect(
      restorePlan(
        { StorageClass: 'INTELLIGENT_TIERING', ArchiveStatus: 'ARCHIVE_ACCESS', $metadata: {} },
        bulk,
      ),
    ).toEqual({});
  });

  it('skips what needs no restore or is being restored already', () => {
    expect(restorePlan({ $metadata: {} }, bulk)).toEqual({
      skip: 'it is in STANDARD, which needs no restore',
    });
    expect(restorePlan({ StorageClass: 'INTELLIGENT_TIERING', $metadata: {} }, bulk)).toMatchObject({
      skip: expect.stringContaining('INTELLIGENT_TIERING'),
    });
    expect(
      restorePlan({ StorageClass: 'GLACIER', Restore: 'ongoing-request="true"', $metadata: {} }, bulk),
    ).toEqual({ skip: 'a restore is already under way' });
  });

  it('refuses Expedited for Deep Archive, which does not offer it', () => {
    expect(
      restorePlan({ StorageClass: 'DEEP_ARCHIVE', $metadata: {} }, { days: 1, tier: 'Expedited' }),
    ).toMatchObject({
      refuse: expect.stringMatching(/Deep Archive has no Expedited/),
    });
    expect(
      restorePlan(
        { StorageClass: 'INTELLIGENT_TIERING', ArchiveStatus: 'DEEP_ARCHIVE_ACCESS', $metadata: {} },
        { days: 1, tier: 'Expedited' },
      ),
    ).toMatchObject({ refuse: expect.any(String) });
  });
});

describe('restoring archived objects against moto', () => {
  const suite = useS3World(
    { users: { keeper: { policies: [policy(allow('s3:*', '*'))] } }, buckets: { [BUCKET]: {} } },
    { liftAuth: false },
  );
  const put = (input: Omit<PutObjectCommandInput, 'Bucket'>) =>
    suite.world.s3For(ACCOUNT).send(new PutObjectCommand({ Bucket: BUCKET, ...input }));

  beforeAll(async () => {
    await put({ Key: 'cold/a.log', Body: 'a', StorageClass: 'GLACIER' });
    await put({ Key: 'cold/b.log', Body: 'b', StorageClass: 'DEEP_ARCHIVE' });
    await put({ Key: 'cold/c.log', Body: 'c' });
  });

  it('sends RestoreObject with the days and tier chosen, skips what is not archived, and shows the status', async () => {
    await suite.world.moto.clearRecording();
    const summary = await new RestoreService(suite.pool).restore({
      sessionId: 'keeper',
      bucket: BUCKET,
      keys: [],
      prefixes: ['cold/'],
      days: 3,
      tier: 'Bulk',
    });
    expect(summary).toEqual({
      started: 2,
      skipped: [{ key: 'cold/c.log', reason: 'it is in STANDARD, which needs no restore' }],
      failed: [],
    });
    const requests = (await suite.world.moto.recorded()).filter(
      (r) => r.method === 'POST' && 'restore' in r.query,
    );
    expect(requests.map((r) => r.path).sort()).toEqual([`/${BUCKET}/cold/a.log`, `/${BUCKET}/cold/b.log`]);
    for (const r of requests) {
      expect(r.body).toContain('<Days>3</Days>');
      expect(r.body).toMatch(/<GlacierJobParameters><Tier>Bulk<\/Tier><\/GlacierJobParameters>/);
    }
    // moto finishes a restore at once (AWS takes minutes to hours), so the details show the
    // restored copy and when it expires.
    const details = await new ObjectDetailsService(suite.pool).head('keeper', BUCKET, 'cold/a.log');
    expect(details.storageClass).toBe('GLACIER');
    expect(details.restore?.ongoing).toBe(false);
    const expires = Date.parse(details.restore?.expiresAt ?? '');
    expect(expires).toBeGreaterThan(Date.now() + 2 * 86_400_000);
  });

  it('reports Expedited on Deep Archive per object, without sending it', async () => {
    await suite.world.moto.clearRecording();
    const summary = await new RestoreService(suite.pool).restore({
      sessionId: 'keeper',
      bucket: BUCKET,
      keys: ['cold/b.log'],
      prefixes: [],
      days: 1,
      tier: 'Expedited',
    });
    expect(summary.started).toBe(0);
    expect(summary.failed).toEqual([
      {
        key: 'cold/b.log',
        error: expect.objectContaining({
          code: 'validation',
          message: expect.stringMatching(/Standard or Bulk/),
        }),
      },
    ]);
    const sent = (await suite.world.moto.recorded()).filter((r) => 'restore' in r.query);
    expect(sent).toEqual([]);
  });
});
