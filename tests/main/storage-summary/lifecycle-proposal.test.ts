// The lifecycle rule a storage summary suggests: scoped to the prefix, the bucket's own rules kept,
// marked with the owner's account, and accepted by the server as the configuration to put.
import {
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  type PutBucketLifecycleConfigurationCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { lifecycleProposal } from '../../../src/main/storage-summary/lifecycle-proposal';
import { lifecycleSuggestionKinds } from '../../../src/shared/models/storage-summary';
import { allow, policy } from '../../support/policies';
import { ACCOUNT, useS3World } from '../s3/s3-fixture';

const BUCKET = 'lifecycle-here';
const owner = { account: '222222222222', how: 'ListBuckets of the owner lists it' };

describe('lifecycle proposals of the storage summary', () => {
  const suite = useS3World(
    { users: { admin: { policies: [policy(allow('s3:*'))] } }, buckets: { [BUCKET]: {} } },
    { liftAuth: true },
  );
  let admin: S3Client;

  beforeAll(async () => {
    admin = suite.world.s3For(ACCOUNT);
    await admin.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: BUCKET,
        LifecycleConfiguration: {
          Rules: [{ ID: 'keep-me', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 3 } }],
        },
      }),
    );
  });

  for (const kind of lifecycleSuggestionKinds) {
    it(`${kind}: the bucket's rules plus one for the prefix, which the server accepts`, async () => {
      const client = await suite.pool.forBucket('admin', BUCKET);
      const proposal = await lifecycleProposal(client, BUCKET, 'logs/', kind, owner);
      expect(proposal.ownerAccount).toBe('222222222222');
      expect(proposal.existingRules).toBe(1);
      expect(proposal.command).toBe(
        `aws s3api put-bucket-lifecycle-configuration --bucket ${BUCKET} --lifecycle-configuration file://lifecycle.json`,
      );
      const config = JSON.parse(
        proposal.configuration,
      ) as PutBucketLifecycleConfigurationCommandInput['LifecycleConfiguration'];
      expect(config?.Rules?.map((r) => r.ID)).toEqual(['keep-me', `crossbucket-${kind}-logs-`]);
      expect(config?.Rules?.[1]?.Filter).toEqual({ Prefix: 'logs/' });
      await admin.send(
        new PutBucketLifecycleConfigurationCommand({ Bucket: BUCKET, LifecycleConfiguration: config }),
      );
      const stored = await admin.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
      expect(stored.Rules?.map((r) => r.ID)).toEqual(['keep-me', `crossbucket-${kind}-logs-`]);
      // Put back the bucket's one rule for the next kind.
      await admin.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: BUCKET,
          LifecycleConfiguration: { Rules: config?.Rules?.slice(0, 1) },
        }),
      );
    });
  }

  it('a transition rule names the class and the days the suggestion says', async () => {
    const client = await suite.pool.forBucket('admin', BUCKET);
    const ia = JSON.parse(
      (await lifecycleProposal(client, BUCKET, '', 'to-standard-ia', owner)).configuration,
    );
    expect(ia.Rules[1]).toEqual({
      ID: 'crossbucket-to-standard-ia',
      Status: 'Enabled',
      Filter: {},
      Transitions: [{ Days: 90, StorageClass: 'STANDARD_IA' }],
    });
  });
});
