import type { AppError } from './errors';

/**
 * Why AWS refused a call, and what each account must change so it succeeds. The denial is
 * parsed in main from AWS's own message and rides on the AppError; the explanation is built
 * in main on request (it may probe AWS), and carries statements ready to apply.
 */

/** The policy types AWS names in its enriched AccessDenied messages. */
export const policyTypes = [
  'identity-based',
  'resource-based',
  'service-control',
  'resource-control',
  'vpc-endpoint',
  'permissions-boundary',
  'session',
  'role-trust',
] as const;

export type PolicyType = (typeof policyTypes)[number];

/**
 * - `enriched`: AWS named the policy type (same account, or same organization).
 * - `plain`: only "Access Denied" — S3 across organizations, or any HEAD request (no body).
 * - `not-authorized`: "User: … is not authorized to perform: … on resource: …" without a
 *   policy type, as STS answers a refused AssumeRole.
 */
export type DenialForm = 'enriched' | 'plain' | 'not-authorized';

/** What was sent with a refused AssumeRole: the trust policy's conditions are judged on these. */
export interface AssumeRoleAttempt {
  readonly profile: string;
  readonly externalIdSent: boolean;
  readonly mfaSent: boolean;
}

/**
 * A call that hands a role to an AWS service (s3:CreateJob hands the job's role to S3 Batch
 * Operations): its caller needs the call's action and iam:PassRole on that role for that service.
 */
export interface PassedRole {
  /** The call's own IAM action, e.g. `s3:CreateJob`. */
  readonly call: string;
  readonly roleArn: string;
  /** The service principal the role goes to, e.g. `batchoperations.s3.amazonaws.com`. */
  readonly service: string;
}

export interface AccessDenial {
  readonly form: DenialForm;
  /** The principal AWS named (`arn:aws:sts::111…:assumed-role/reader/s`), when it named one. */
  readonly principal?: string;
  /** The refused action: from the message when AWS named it, else the call that failed. */
  readonly action?: string;
  /** The refused resource ARN, likewise. */
  readonly resource?: string;
  readonly policyType?: PolicyType;
  /** True for "with an explicit deny", false for "because no … allows"; unknown for the other forms. */
  readonly explicit?: boolean;
  /** The denying policy's ARN, when AWS appended one (SCPs, managed policies). */
  readonly policyArn?: string;
  /** "… with an explicit deny in a VPC endpoint policy transitively through a service control policy". */
  readonly through?: PolicyType;
  readonly assumeRole?: AssumeRoleAttempt;
  /** Set by the caller when the refused call passes a role to a service (AWS may name either action). */
  readonly passedRole?: PassedRole;
  /** AWS's message as it came. */
  readonly raw: string;
}

/** Which side of the request must change. */
export type AccessSide = 'caller' | 'owner' | 'kms-key' | 'guardrail' | 'trust' | 'profile';

export type StatementKind = 'identity-policy' | 'bucket-policy' | 'kms-key-policy' | 'trust-policy';

export interface GeneratedStatement {
  /** Stable within one explanation; names the statement when asking main to copy it. */
  readonly id: string;
  readonly kind: StatementKind;
  /** The account that must apply it; absent when it could not be learnt. */
  readonly account?: string;
  /** What to attach it to, in words: `role reader`, `bucket prod-222-data`, `KMS key 1234…`. */
  readonly target: string;
  /** How to apply it: the CLI command, with the document in a file. */
  readonly howToApply: string;
  /** The policy document. Values that stay in main (an external ID) are masked here. */
  readonly json: string;
  /** The same as a CloudFormation resource (or, for a key policy, the statement to add). */
  readonly yaml: string;
}

export interface AccessFinding {
  readonly side: AccessSide;
  /** The account that must act, when known. */
  readonly account?: string;
  /** One or two sentences in plain words. */
  readonly text: string;
  /** `certain` when AWS's message or a probe says so; `possible` when several causes fit. */
  readonly certainty: 'certain' | 'likely' | 'possible';
  readonly statements: readonly GeneratedStatement[];
}

/** A fact about the two accounts and how it was learnt (or why it could not be). */
export interface AccessFact {
  readonly label: string;
  readonly value?: string;
  readonly how: string;
}

export interface AccessExplanation {
  /** Main keeps the full statements under this id for `copyAccessStatement`. */
  readonly explanationId: string;
  readonly headline: string;
  readonly denial: AccessDenial;
  readonly callerAccount?: string;
  readonly ownerAccount?: string;
  readonly facts: readonly AccessFact[];
  readonly findings: readonly AccessFinding[];
}

export type ProbeOutcome = 'allowed' | 'denied' | 'missing' | 'failed' | 'skipped';

export interface AccessProbe {
  /** The API call, e.g. `GetBucketLocation`. */
  readonly call: string;
  readonly action: string;
  readonly resource: string;
  readonly outcome: ProbeOutcome;
  /** What the call told (region, size, encryption) or why it was skipped. */
  readonly detail?: string;
  readonly error?: AppError;
}

export interface AccessMatrix {
  readonly bucket: string;
  readonly prefix: string;
  readonly key?: string;
  readonly callerArn?: string;
  readonly probes: readonly AccessProbe[];
}
