import type { AccessDenial, AccessFact, AccessFinding } from '../../shared/models/access';
import type { PolicyDocument } from './policy-document';
import type { Principal } from './principals';
import type { BuiltStatement } from './statements';

/** Who owns the bucket, and how that was learnt — or why it could not be. */
export interface OwnerFact {
  readonly account?: string;
  readonly how: string;
}

/** The object's server-side encryption, when HeadObject was allowed. */
export interface EncryptionFact {
  readonly sse?: string;
  readonly keyArn?: string;
  readonly how: string;
}

/** Everything the reasoning uses; gathered by `gatherFacts`, or written out in unit tests. */
export interface DenialFacts {
  readonly denial: AccessDenial;
  /** The session's GetCallerIdentity ARN, else the principal AWS named. */
  readonly callerArn?: string;
  /** Where the caller ARN came from, in words. */
  readonly callerHow?: string;
  /** The role ARNs of the profile's chain, in call order (restores role paths). */
  readonly chain: readonly string[];
  /** The folder the user was in: grants cover it rather than a single key. */
  readonly scopePrefix?: string;
  readonly owner?: OwnerFact;
  readonly encryption?: EncryptionFact;
  /** The bucket's current policy, when the session could read it (merged into the grant). */
  readonly bucketPolicy?: PolicyDocument;
  readonly region?: string;
  /** For AssumeRole: the profile step's settings that main keeps. */
  readonly step?: {
    readonly roleArn: string;
    readonly externalId?: string;
    readonly externalIdUnknown?: boolean;
    readonly mfaSerial?: string;
  };
}

/** A finding whose statements still carry the unmasked texts main keeps for copying. */
export interface BuiltFinding extends Omit<AccessFinding, 'statements'> {
  readonly statements: readonly BuiltStatement[];
}

export interface Reasoning {
  readonly headline: string;
  readonly caller?: Principal;
  readonly facts: readonly AccessFact[];
  readonly findings: readonly BuiltFinding[];
}
