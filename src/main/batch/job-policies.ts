import type { GeneratedStatement, PassedRole } from '../../shared/models/access';
import { JOB_CREATOR_STATEMENT } from '../../shared/models/batch';
import { passRoleGrants } from '../access/grants';
import type { PolicyDocument } from '../access/policy-document';
import { type Principal, principalOf } from '../access/principals';
import {
  bucketPolicy,
  type Grant,
  identityPolicy,
  kmsKeyPolicyStatement,
  serviceRoleTrustPolicy,
} from '../access/statements';
import { bucketArn, objectArn } from '../s3/arns';
import type { JobCopyCare } from './copy-operation';

export const BATCH_SERVICE = 'batchoperations.s3.amazonaws.com';

/** What CreateJob hands over: the job's role, to Batch Operations. */
export const jobPassedRole = (roleArn: string): PassedRole => ({
  call: 's3:CreateJob',
  roleArn,
  service: BATCH_SERVICE,
});

/** One bucket the job touches, with what main could learn about it. */
export interface JobBucket {
  readonly bucket: string;
  /** The account that owns it: the account of the session the pane opened it with. */
  readonly owner: string;
  /** Its current bucket policy, when the owner's session could read it (merged, never replaced). */
  readonly policy?: PolicyDocument;
  /** Its default SSE-KMS key, when it has one. */
  readonly kmsKeyArn?: string;
  /** Whether that default encryption uses an S3 Bucket Key. */
  readonly bucketKeyEnabled?: boolean;
  /** Object Ownership is not BucketOwnerEnforced: a writer of another account needs an ACL. */
  readonly aclsInUse?: boolean;
}

export interface JobAccessInput {
  /** Who calls CreateJob: the identity of the job account's session. */
  readonly creator: Principal;
  readonly roleArn: string;
  readonly region: string;
  readonly source: JobBucket & { readonly prefix: string; readonly withVersions: boolean };
  readonly target: JobBucket & { readonly keyPrefix: string };
  readonly manifest: { readonly bucket: string; readonly key: string };
  readonly report: { readonly bucket: string; readonly prefix: string };
  /** What the copies carry: an ACL needs s3:PutObjectAcl, kept tags s3:GetObjectTagging and s3:PutObjectTagging. */
  readonly care: Pick<JobCopyCare, 'ownerFullControl' | 'tags'>;
}

/** What the job's role does, in IAM actions: read the source, write the target, read the manifest, write the report. */
export function jobGrants(input: JobAccessInput): {
  readonly sourceRead: Grant;
  readonly targetWrite: Grant;
  readonly manifestRead: Grant;
  readonly reportWrite: Grant;
  readonly reportLocation: Grant;
} {
  const { source, target, manifest, report, care } = input;
  const tags = care.tags === 'keep';
  return {
    sourceRead: {
      actions: [
        's3:GetObject',
        ...(tags ? ['s3:GetObjectTagging'] : []),
        ...(source.withVersions
          ? ['s3:GetObjectVersion', ...(tags ? ['s3:GetObjectVersionTagging'] : [])]
          : []),
      ],
      resources: [objectArn(source.bucket, `${source.prefix}*`)],
    },
    targetWrite: {
      actions: [
        's3:PutObject',
        ...(care.ownerFullControl ? ['s3:PutObjectAcl'] : []),
        ...(tags ? ['s3:PutObjectTagging'] : []),
      ],
      resources: [objectArn(target.bucket, `${target.keyPrefix}*`)],
    },
    manifestRead: {
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [objectArn(manifest.bucket, manifest.key)],
    },
    reportWrite: { actions: ['s3:PutObject'], resources: [objectArn(report.bucket, `${report.prefix}*`)] },
    reportLocation: { actions: ['s3:GetBucketLocation'], resources: [bucketArn(report.bucket)] },
  };
}

/**
 * The job's role and every statement it needs, each marked with the account that applies it:
 * first who may create the job (s3:CreateJob and iam:PassRole of the role, to Batch Operations
 * only; none for an account's root user, which may already), the role (trust + permissions) in
 * the job's account, a bucket policy for each bucket another account owns, and KMS key
 * statements when a bucket encrypts with its own key. Built with the access explainer's
 * builders, so they read and apply like its suggestions.
 */
export function jobStatements(input: JobAccessInput): readonly GeneratedStatement[] {
  const role = principalOf(input.roleArn);
  const jobAccount = role.account;
  const grants = jobGrants(input);
  const kmsGrants: Grant[] = [];
  if (input.source.kmsKeyArn)
    kmsGrants.push({ actions: ['kms:Decrypt'], resources: [input.source.kmsKeyArn] });
  if (input.target.kmsKeyArn) {
    kmsGrants.push({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [input.target.kmsKeyArn] });
  }
  const built = [
    ...(input.creator.kind === 'root'
      ? []
      : [identityPolicy(JOB_CREATOR_STATEMENT, input.creator, passRoleGrants(jobPassedRole(input.roleArn)))]),
    serviceRoleTrustPolicy('role-trust', input.roleArn, BATCH_SERVICE),
    identityPolicy('role-permissions', role, [
      grants.sourceRead,
      grants.targetWrite,
      grants.manifestRead,
      grants.reportWrite,
      grants.reportLocation,
      ...kmsGrants,
    ]),
  ];
  if (input.source.owner !== jobAccount) {
    built.push(
      bucketPolicy(
        'source-bucket-policy',
        input.source.bucket,
        input.source.owner,
        role,
        [grants.sourceRead],
        input.source.policy,
      ),
    );
  }
  if (input.target.owner !== jobAccount) {
    built.push(
      bucketPolicy(
        'target-bucket-policy',
        input.target.bucket,
        input.target.owner,
        role,
        [grants.targetWrite],
        input.target.policy,
      ),
    );
  }
  if (input.source.kmsKeyArn) {
    built.push(
      kmsKeyPolicyStatement('source-kms-key', input.source.kmsKeyArn, role, ['kms:Decrypt'], input.region),
    );
  }
  if (input.target.kmsKeyArn) {
    built.push(
      kmsKeyPolicyStatement(
        'target-kms-key',
        input.target.kmsKeyArn,
        role,
        ['kms:GenerateDataKey', 'kms:Decrypt'],
        input.region,
      ),
    );
  }
  // None of these carries a secret (no external ID), so what is shown is the whole text.
  return built.map((b) => b.shown);
}

/** IAM role names: up to 64 of `\w+=,.@-`. One role per bucket pair, so a second job reuses it. */
export function jobRoleName(sourceBucket: string, targetBucket: string): string {
  const name = `crossbucket-batch-${sourceBucket}-to-${targetBucket}`.replace(/[^\w+=,.@-]+/g, '-');
  return name.length <= 64 ? name : `${name.slice(0, 55)}-${hash8(name)}`;
}

function hash8(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
