import { HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { LocationFacts } from '../../shared/models/s3';
import type { SessionState } from '../../shared/models/session';
import { parseSsoRoleSource, type SsoRoleRef } from '../../shared/models/sso';
import { partitionOfArn, partitionOfRegion } from '../../shared/s3-address/partition';
import { bucketArn } from './arns';
import { attempt } from './call-failure';
import type { S3ClientPool } from './client-pool';

export interface LocateDeps {
  readonly pool: S3ClientPool;
  readonly sessionState: (sessionId: string) => SessionState;
  /** Whether `name` is a profile in ~/.aws/config, so `aws --profile name` would work. */
  readonly isProfile: (name: string) => boolean;
  /** The name an Identity Center role's "Copy profile block" gives its profile. */
  readonly ssoProfileName: (role: SsoRoleRef) => string;
}

/**
 * A CLI profile name for a session that has none in ~/.aws/config: for an ad-hoc switch the
 * one the Switch role dialog's profile block uses (its label, or role-account); else the label.
 */
function suggestedProfileName(session: SessionState): string {
  const [kind, account = '', role = ''] = session.source.split(':');
  const label = session.label.trim();
  const fallback = kind === 'adhoc' ? `${role.split('/').pop()}-${account}` : session.source;
  const base = label && label !== session.source ? label : fallback;
  return base.replace(/[\s[\]]+/g, '-');
}

/**
 * What addresses pasted or copied need from main: whether a key without a trailing slash is
 * an object or a folder, and the facts (region, partition, CLI profile) behind copy forms.
 */
export class LocateService {
  readonly #deps: LocateDeps;

  constructor(deps: LocateDeps) {
    this.#deps = deps;
  }

  /**
   * `s3://bucket/notes.txt` may name an object or a folder typed without its slash. One
   * ListObjectsV2 answers it: keys come back in order, so if the key itself exists it is the
   * first one listed under it as a prefix. ListBucket is what browsing needs anyway.
   */
  async kindOf(sessionId: string, bucket: string, key: string): Promise<'object' | 'folder'> {
    return this.#deps.pool.withBucket(sessionId, bucket, async (client) => {
      const out = await attempt({ action: 's3:ListBucket', resource: bucketArn(bucket) }, () =>
        client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 })),
      );
      return out.Contents?.[0]?.Key === key ? 'object' : 'folder';
    });
  }

  async facts(sessionId: string, bucket: string): Promise<LocationFacts> {
    const session = this.#deps.sessionState(sessionId);
    const region = await this.bucketRegion(sessionId, bucket);
    const partition = session.identity ? partitionOfArn(session.identity.arn) : partitionOfRegion(region);
    if (this.#deps.isProfile(session.source)) return { region, partition, cliProfile: session.source };
    // An Identity Center role is named as its card's "Copy profile block" names it.
    const ssoRole = parseSsoRoleSource(session.source);
    const name = ssoRole ? this.#deps.ssoProfileName(ssoRole) : suggestedProfileName(session);
    const from = ssoRole
      ? 'the role’s Copy profile block under IAM Identity Center'
      : 'for a role switch, Switch role… → Copy as profile block';
    return {
      region,
      partition,
      cliProfile: name,
      cliProfileNote: `No profile “${name}” exists in ~/.aws/config for this session yet: add it first (${from} gives the lines to paste).`,
    };
  }

  /** The bucket's region: known from the bucket list, else asked with HeadBucket, else the session's. */
  async bucketRegion(sessionId: string, bucket: string): Promise<string> {
    const { pool } = this.#deps;
    const known = pool.regionOf(sessionId, bucket);
    try {
      const out = await pool.withBucket(sessionId, bucket, (client) =>
        client.send(new HeadBucketCommand({ Bucket: bucket })),
      );
      if (out.BucketRegion) {
        pool.rememberRegion(bucket, out.BucketRegion);
        return out.BucketRegion;
      }
    } catch {
      // A role that may not HeadBucket still gets forms, in the best-known region.
    }
    return known;
  }
}
