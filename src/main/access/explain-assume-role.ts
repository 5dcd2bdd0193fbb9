import type { BuiltFinding, DenialFacts } from './facts';
import { capital, guardrailFinding, you } from './guardrails';
import { accountOf, type Principal } from './principals';
import { identityPolicy, trustPolicy } from './statements';

/**
 * A refused AssumeRole has four usual causes on two sides: the role's trust policy (its
 * account) does not trust the caller, or demands an external ID or MFA the profile does not
 * send; or the caller's own policy lacks sts:AssumeRole. STS names the side only in enriched
 * messages; otherwise every cause that fits is listed with its fix.
 */
export function explainAssumeRole(facts: DenialFacts, caller: Principal | undefined): BuiltFinding[] {
  const d = facts.denial;
  const roleArn = facts.step?.roleArn ?? d.resource ?? '';
  const roleAccount = accountOf(roleArn);
  const roleName = roleArn.split('/').pop() ?? roleArn;
  const attempt = d.assumeRole;
  const profile = attempt?.profile ? `profile "${attempt.profile}"` : 'the profile';
  const externalIdSent = attempt?.externalIdSent ?? facts.step?.externalId !== undefined;
  const mfaSent = attempt?.mfaSent ?? facts.step?.mfaSerial !== undefined;

  const trustSide = (certainty: BuiltFinding['certainty']): BuiltFinding => {
    const conditions = [
      externalIdSent ? `sts:ExternalId equal to the external_id of ${profile}` : undefined,
      mfaSent ? 'aws:MultiFactorAuthPresent (the profile signs in with MFA)' : undefined,
    ].filter(Boolean);
    return {
      side: 'trust',
      ...(roleAccount ? { account: roleAccount } : {}),
      certainty,
      text: `${certainty === 'certain' ? 'The' : 'Perhaps the'} trust policy of role ${roleName} (account ${roleAccount ?? 'unknown'}) does not trust ${caller?.grantArn ?? 'you'}${conditions.length > 0 ? ` with ${conditions.join(' and ')}` : ''}. The role's account must allow it in the trust policy.`,
      statements: caller
        ? [
            trustPolicy('trust', {
              roleArn,
              caller,
              ...(facts.step?.externalId !== undefined ? { externalId: facts.step.externalId } : {}),
              ...(externalIdSent && facts.step?.externalId === undefined ? { externalIdUnknown: true } : {}),
              requireMfa: mfaSent,
            }),
          ]
        : [],
    };
  };

  const callerSide = (certainty: BuiltFinding['certainty']): BuiltFinding => ({
    side: 'caller',
    ...(caller?.account ? { account: caller.account } : {}),
    certainty,
    text: `${capital(you(caller))} ${certainty === 'certain' ? 'has' : 'may have'} no policy allowing sts:AssumeRole on ${roleArn}: account ${caller?.account ?? 'yours'} must add it.`,
    statements:
      caller && caller.kind !== 'root'
        ? [identityPolicy('identity', caller, [{ actions: ['sts:AssumeRole'], resources: [roleArn] }])]
        : [],
  });

  if (d.form === 'enriched' && d.policyType) {
    if (d.policyType === 'identity-based') {
      if (!d.explicit) return [callerSide('certain')];
      return [
        {
          side: 'caller',
          ...(caller?.account ? { account: caller.account } : {}),
          certainty: 'certain',
          text: `A Deny statement in a policy of ${you(caller)} refuses sts:AssumeRole on ${roleArn}: account ${caller?.account ?? 'yours'} must narrow it.`,
          statements: [],
        },
      ];
    }
    if (d.policyType === 'role-trust') {
      if (!d.explicit) return [trustSide('certain')];
      return [
        {
          side: 'trust',
          ...(roleAccount ? { account: roleAccount } : {}),
          certainty: 'certain',
          text: `The trust policy of role ${roleName} has a Deny statement that matches you: account ${roleAccount ?? 'that owns the role'} must narrow it.`,
          statements: [],
        },
      ];
    }
    return [guardrailFinding(d, d.policyType, caller, roleAccount)];
  }

  const findings: BuiltFinding[] = [trustSide('possible'), callerSide('possible')];
  const missing = [
    externalIdSent ? undefined : 'external_id (if the role’s owner gave you one)',
    mfaSent ? undefined : 'mfa_serial (if the trust policy requires MFA)',
  ].filter(Boolean);
  if (missing.length > 0) {
    findings.push({
      side: 'profile',
      certainty: 'possible',
      text: `${capital(profile)} sends no ${missing.join(' and no ')}. A trust policy that demands one refuses the switch until the profile sets it.`,
      statements: [],
    });
  }
  return findings;
}
