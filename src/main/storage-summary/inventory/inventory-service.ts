import { randomUUID } from 'node:crypto';
import {
  GetBucketPolicyCommand,
  type InventoryConfiguration,
  ListBucketInventoryConfigurationsCommand,
  PutBucketInventoryConfigurationCommand,
} from '@aws-sdk/client-s3';
import { AppFailure } from '../../../shared/errors/app-error';
import { toAppError } from '../../../shared/errors/to-app-error';
import type { InventorySetup, InventoryStatus, StorageSummary } from '../../../shared/models/storage-summary';
import type { OwnerFact } from '../../access/facts';
import { parsePolicy } from '../../access/policy-document';
import { inventoryDestinationPolicy } from '../../access/statements';
import { bucketArn } from '../../s3/arns';
import { attempt } from '../../s3/call-failure';
import type { S3ClientPool } from '../../s3/client-pool';
import { SummaryTally } from '../tally';
import { latestManifest, reportRoot } from './manifest';
import { readReport, tallyRow } from './read-report';

/** The ID of the configuration Crossbucket proposes; configuring again replaces it. */
export const INVENTORY_ID = 'crossbucket-storage-summary';

export interface InventoryDeps {
  readonly pool: S3ClientPool;
  readonly bucketOwner: (sessionId: string, bucket: string) => Promise<OwnerFact>;
  readonly bucketRegion: (sessionId: string, bucket: string) => Promise<string>;
  readonly now?: () => number;
}

const bucketOfArn = (arn: string): string => arn.replace(/^arn:[\w-]+:s3:::/, '');

const toStatus = (c: InventoryConfiguration) => ({
  id: c.Id ?? '',
  enabled: c.IsEnabled === true,
  format: c.Destination?.S3BucketDestination?.Format ?? '',
  destinationBucket: bucketOfArn(c.Destination?.S3BucketDestination?.Bucket ?? ''),
  destinationPrefix: c.Destination?.S3BucketDestination?.Prefix ?? '',
  frequency: c.Schedule?.Frequency ?? '',
});

/** S3 Inventory for buckets too big to list from a desktop: read a report, or configure one. */
export class InventoryService {
  readonly #deps: InventoryDeps;

  constructor(deps: InventoryDeps) {
    this.#deps = deps;
  }

  async status(sessionId: string, bucket: string): Promise<InventoryStatus> {
    try {
      const configurations: ReturnType<typeof toStatus>[] = [];
      let token: string | undefined;
      do {
        const out = await this.#deps.pool.withBucket(sessionId, bucket, (client) =>
          client.send(
            new ListBucketInventoryConfigurationsCommand({ Bucket: bucket, ContinuationToken: token }),
          ),
        );
        for (const c of out.InventoryConfigurationList ?? []) configurations.push(toStatus(c));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return { bucket, configurations };
    } catch (err) {
      const error = toAppError(err, { action: 's3:GetInventoryConfiguration', resource: bucketArn(bucket) });
      return { bucket, configurations: [], error };
    }
  }

  /** The prefix's numbers from the configuration's newest report; a damaged data file makes it partial. */
  async summarise(
    sessionId: string,
    bucket: string,
    prefix: string,
    configurationId: string,
  ): Promise<StorageSummary> {
    const now = this.#deps.now ?? Date.now;
    const { configurations, error } = await this.status(sessionId, bucket);
    if (error) throw new AppFailure(error.code, error.message, error);
    const config = configurations.find((c) => c.id === configurationId);
    if (!config)
      throw new AppFailure('not-found', `The bucket has no inventory configuration ${configurationId}.`);
    const root = reportRoot(config.destinationPrefix, bucket, configurationId);
    const destination = config.destinationBucket;
    const { key, manifest } = await this.#deps.pool.withBucket(sessionId, destination, (client) =>
      latestManifest(client, destination, root, bucket),
    );
    const started = now();
    const tally = new SummaryTally(prefix, started);
    let failure: StorageSummary['error'];
    try {
      await this.#deps.pool.withBucket(sessionId, destination, (client) =>
        readReport(
          client,
          destination,
          manifest,
          (row) => tallyRow(tally, prefix, row),
          new AbortController().signal,
        ),
      );
    } catch (err) {
      failure = toAppError(err);
    }
    const versions = tally.noncurrent.objects > 0 || tally.deleteMarkers > 0;
    const finished = now();
    return {
      summaryId: randomUUID(),
      sessionId,
      bucket,
      prefix,
      versions,
      source: { kind: 'inventory', reportDate: manifest.createdAt, manifestKey: key },
      region: await this.#deps.bucketRegion(sessionId, bucket),
      status: failure ? 'partial' : 'done',
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      keysPerSecond: tally.keysSeen / (Math.max(1, finished - started) / 1000),
      ...tally.snapshot(versions),
      ...(failure ? { error: failure } : {}),
    };
  }

  /**
   * Configures a daily CSV inventory of every version with the fields a summary needs, and builds
   * the destination bucket's policy that lets S3 deliver it (applied by that bucket's owner).
   */
  async configure(
    sessionId: string,
    bucket: string,
    destinationBucket: string,
    destinationPrefix: string,
  ): Promise<InventorySetup> {
    const sourceOwner = await this.#deps.bucketOwner(sessionId, bucket);
    const destinationOwner = await this.#deps.bucketOwner(sessionId, destinationBucket);
    await this.#deps.pool.withBucket(sessionId, bucket, (client) =>
      attempt({ action: 's3:PutInventoryConfiguration', resource: bucketArn(bucket) }, () =>
        client.send(
          new PutBucketInventoryConfigurationCommand({
            Bucket: bucket,
            Id: INVENTORY_ID,
            InventoryConfiguration: {
              Id: INVENTORY_ID,
              IsEnabled: true,
              IncludedObjectVersions: 'All',
              Schedule: { Frequency: 'Daily' },
              OptionalFields: ['Size', 'LastModifiedDate', 'StorageClass'],
              Destination: {
                S3BucketDestination: {
                  Bucket: bucketArn(destinationBucket),
                  Format: 'CSV',
                  ...(destinationPrefix ? { Prefix: destinationPrefix } : {}),
                  // S3 checks the destination's owner before it delivers, when it is known.
                  ...(destinationOwner.account ? { AccountId: destinationOwner.account } : {}),
                },
              },
            },
          }),
        ),
      ),
    );
    const existing = await this.#deps.pool
      .withBucket(sessionId, destinationBucket, (client) =>
        client.send(new GetBucketPolicyCommand({ Bucket: destinationBucket })),
      )
      .then((out) => parsePolicy(out.Policy))
      .catch(() => undefined);
    const policy = inventoryDestinationPolicy(
      'inventory-destination',
      {
        bucket: destinationBucket,
        prefix: destinationPrefix,
        ...(destinationOwner.account ? { owner: destinationOwner.account } : {}),
      },
      { bucket, ...(sourceOwner.account ? { account: sourceOwner.account } : {}) },
      existing,
    );
    return { configurationId: INVENTORY_ID, destinationPolicy: policy.shown };
  }
}
