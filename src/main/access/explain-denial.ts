import type { AccessDenial, AccessFact } from '../../shared/models/access';
import { explainAssumeRole } from './explain-assume-role';
import { explainPassRole } from './explain-pass-role';
import type { BuiltFinding, DenialFacts, Reasoning } from './facts';
import { grantFor, readsObjectData } from './grants';
import { capital, guardrailFinding, theOwner, what, you } from './guardrails';
import { accountOf, type Principal, principalOf, s3Target } from './principals';
import { bucketPolicy, type Grant, identityPolicy, kmsKeyPolicyStatement } from './statements';

/** A Deny statement wins over every Allow: the fix is removing or narrowing it, not a grant. */
function explicitDenyFinding(
  d: AccessDenial,
  caller: Principal | undefined,
  facts: DenialFacts,
): BuiltFinding {
  if (d.policyType === 'identity-based') {
    return {
      side: 'caller',
      ...(caller?.account ? { account: caller.account } : {}),
      certainty: 'certain',
      text: `A Deny statement in a policy of ${you(caller)} refuses ${what(d)}. No Allow overrides a Deny: the administrators of account ${caller?.account ?? 'yours'} must narrow or remove it${d.policyArn ? ` (${d.policyArn})` : ''}.`,
      statements: [],
    };
  }
  const isKms = d.action?.startsWith('kms:');
  const account = isKms ? accountOf(d.resource) : facts.owner?.account;
  return {
    side: isKms ? 'kms-key' : 'owner',
    ...(account ? { account } : {}),
    certainty: 'certain',
    text: isKms
      ? `The key policy of ${d.resource ?? 'the KMS key'} has a Deny statement for ${d.action}: account ${account ?? 'that owns the key'} must narrow it.`
      : `The bucket policy has a Deny statement refusing ${what(d)}: ${theOwner(s3Target(d.resource)?.bucket ?? 'the bucket', account).toLowerCase()} must narrow it (a Deny cannot be overridden by an Allow).`,
    statements: [],
  };
}

interface Sides {
  readonly caller?: Principal;
  readonly grant: Grant;
  readonly bucket?: string;
  readonly owner?: string;
  readonly facts: DenialFacts;
}

function callerSide(
  s: Sides,
  certainty: BuiltFinding['certainty'],
  extra: readonly Grant[] = [],
): BuiltFinding {
  const { caller, grant } = s;
  const missing = `${grant.actions.join(', ')} on ${grant.resources.join(', ')}`;
  return {
    side: 'caller',
    ...(caller?.account ? { account: caller.account } : {}),
    certainty,
    text:
      certainty === 'certain'
        ? `${capital(you(caller))} has no policy allowing ${missing}. Account ${caller?.account ?? 'yours'} must add it to the ${caller?.kind === 'user' ? 'user' : 'role'}.`
        : `${capital(you(caller))} may have no policy allowing ${missing}: account ${caller?.account ?? 'yours'} adds it to the ${caller?.kind === 'user' ? 'user' : 'role'}.`,
    statements:
      caller && caller.kind !== 'root' ? [identityPolicy('identity', caller, [grant, ...extra])] : [],
  };
}

function ownerSide(s: Sides, certainty: BuiltFinding['certainty']): BuiltFinding {
  const { caller, grant, bucket = 'the bucket', owner, facts } = s;
  const who = caller ? caller.grantArn : 'your role';
  return {
    side: 'owner',
    ...(owner ? { account: owner } : {}),
    certainty,
    text:
      certainty === 'certain'
        ? `${theOwner(bucket, owner)} has not granted ${who} ${grant.actions.join(', ')} in the bucket policy of ${bucket}. Across accounts both sides must allow it: the owner adds this statement.`
        : `${theOwner(bucket, owner)} must also grant ${who} ${grant.actions.join(', ')} in the bucket policy of ${bucket}: across accounts both your policy and theirs must allow it, and AWS names only one.`,
    statements: caller ? [bucketPolicy('bucket', bucket, owner, caller, [grant], facts.bucketPolicy)] : [],
  };
}

/**
 * The key policy side of an SSE-KMS call: kms:Decrypt to read the object, kms:GenerateDataKey to
 * write one. In a key policy the key's own account must name the caller, even when the caller's
 * account also allows it.
 */
function kmsSide(
  keyArn: string,
  caller: Principal | undefined,
  certainty: BuiltFinding['certainty'],
  region?: string,
  actions: readonly string[] = ['kms:Decrypt'],
): BuiltFinding {
  const account = accountOf(keyArn);
  const needed = actions.join(' and ');
  return {
    side: 'kms-key',
    ...(account ? { account } : {}),
    certainty,
    text: `The object is encrypted with KMS key ${keyArn}. Its key policy in account ${account ?? 'that owns the key'} must allow ${needed} for ${caller?.grantArn ?? 'your role'}${account && caller?.account && account !== caller.account ? `, and your own policy must allow ${needed} on the key` : ''}.`,
    statements: caller ? [kmsKeyPolicyStatement('kms', keyArn, caller, actions, region)] : [],
  };
}

/** Reasons about an S3 or KMS denial: which account must change what, with the statements. */
function explainResourceDenial(facts: DenialFacts, caller: Principal | undefined): BuiltFinding[] {
  const d = facts.denial;
  if (!d.action || !d.resource) return [];
  const isKms = d.action.startsWith('kms:');
  const bucket = s3Target(d.resource)?.bucket;
  const owner = isKms ? accountOf(d.resource) : facts.owner?.account;
  const grant = grantFor(d.action, d.resource, facts.scopePrefix);
  const sides: Sides = { caller, grant, ...(bucket ? { bucket } : {}), ...(owner ? { owner } : {}), facts };
  const cross = owner !== undefined && caller?.account !== undefined && owner !== caller.account;
  const keyArn = facts.encryption?.sse === 'aws:kms' ? facts.encryption.keyArn : undefined;
  const kmsGrants: Grant[] =
    keyArn && readsObjectData(d.action) && accountOf(keyArn) !== caller?.account
      ? [{ actions: ['kms:Decrypt'], resources: [keyArn] }]
      : [];

  // An action on no bucket (s3:ListAllMyBuckets on "*"): no bucket policy can grant it, so
  // there is no owner to ask; only the caller's own policies (and guardrails) decide.
  const noBucket = !isKms && bucket === undefined;

  if (d.form === 'enriched' && d.policyType) {
    if (d.explicit && (d.policyType === 'identity-based' || d.policyType === 'resource-based')) {
      return [explicitDenyFinding(d, caller, facts)];
    }
    if (d.policyType === 'identity-based') {
      const findings = [callerSide(sides, 'certain')];
      // AWS reports one missing policy type; across accounts the other side may be missing too.
      if (!isKms && !noBucket && (cross || owner === undefined)) findings.push(ownerSide(sides, 'possible'));
      return findings;
    }
    if (d.policyType === 'resource-based') {
      if (isKms) return [kmsSide(d.resource, caller, 'certain', facts.region, [d.action])];
      return [ownerSide(sides, 'certain')];
    }
    return [guardrailFinding(d, d.policyType, caller, owner)];
  }

  // "Access Denied" alone: AWS does not say which side refused.
  const findings: BuiltFinding[] = [];
  if (noBucket) {
    findings.push(callerSide(sides, 'likely'));
  } else if (owner !== undefined && !cross) {
    findings.push(callerSide(sides, 'likely', kmsGrants));
  } else {
    findings.push(callerSide(sides, 'possible', kmsGrants));
    findings.push(ownerSide(sides, 'possible'));
  }
  if (keyArn && readsObjectData(d.action)) findings.push(kmsSide(keyArn, caller, 'possible', facts.region));
  return findings;
}

function factsOf(facts: DenialFacts, caller: Principal | undefined): AccessFact[] {
  const list: AccessFact[] = [
    {
      label: 'Caller',
      ...(facts.callerArn ? { value: facts.callerArn } : {}),
      how:
        facts.callerHow ??
        (facts.callerArn ? 'named in AWS’s message' : 'unknown: no session and AWS named no caller'),
    },
  ];
  if (caller?.account)
    list.push({ label: 'Caller account', value: caller.account, how: 'from the caller ARN' });
  if (facts.chain.length > 0)
    list.push({ label: 'Role chain', value: facts.chain.join(' → '), how: 'the profile’s role_arn steps' });
  if (facts.owner) {
    list.push({
      label: 'Bucket owner',
      ...(facts.owner.account ? { value: facts.owner.account } : {}),
      how: facts.owner.how,
    });
  }
  if (facts.encryption) {
    const value = facts.encryption.sse
      ? `${facts.encryption.sse}${facts.encryption.keyArn ? ` with ${facts.encryption.keyArn}` : ''}`
      : undefined;
    list.push({ label: 'Encryption', ...(value ? { value } : {}), how: facts.encryption.how });
  }
  return list;
}

const SIDE_WORDS: Readonly<Record<BuiltFinding['side'], string>> = {
  caller: 'your account',
  owner: 'the bucket owner',
  'kms-key': 'the KMS key’s account',
  guardrail: 'your platform team',
  trust: 'the role’s account',
  profile: 'your profile',
};

/** The first sentence of a certain finding; when AWS gave no reason, every side to check. */
function headlineOf(findings: readonly BuiltFinding[], d: AccessDenial): string {
  const first = findings[0];
  if (!first) return `AWS refused ${what(d)} and gave no reason Crossbucket can read.`;
  if (findings.length === 1 || first.certainty !== 'possible')
    return first.text.split(/(?<=\.)\s/)[0] ?? first.text;
  const sides = findings.map((f) => `${SIDE_WORDS[f.side]}${f.account ? ` (${f.account})` : ''}`);
  return `AWS gave no reason for refusing ${d.action ?? 'the call'}. Each side must allow it; check ${sides.slice(0, -1).join(', ')} and ${sides.at(-1)}.`;
}

/** A grant the caller lacks (an explicit deny or a guardrail is reasoned about as any other denial). */
const missingGrant = (d: AccessDenial): boolean =>
  d.form !== 'enriched' || (d.policyType === 'identity-based' && !d.explicit);

/**
 * Turns a parsed denial and what main learnt about the two accounts into findings: who must
 * change what, in plain words, each with the least-privilege statement that fixes it.
 */
export function explainDenial(facts: DenialFacts): Reasoning {
  const d = facts.denial;
  const callerArn = facts.callerArn ?? d.principal;
  const caller = callerArn ? principalOf(callerArn, facts.chain) : undefined;
  const findings =
    d.action === 'sts:AssumeRole' || d.assumeRole
      ? explainAssumeRole(facts, caller)
      : d.passedRole && missingGrant(d)
        ? explainPassRole(facts, caller, d.passedRole)
        : explainResourceDenial(facts, caller);
  const headline = headlineOf(findings, d);
  return { headline, ...(caller ? { caller } : {}), facts: factsOf(facts, caller), findings };
}
