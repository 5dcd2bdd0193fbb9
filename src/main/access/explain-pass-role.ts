import type { PassedRole } from '../../shared/models/access';
import type { BuiltFinding, DenialFacts } from './facts';
import { passRoleGrants } from './grants';
import { capital, you } from './guardrails';
import type { Principal } from './principals';
import { identityPolicy } from './statements';

/**
 * A refused call that hands a role to a service (CreateJob hands the job's role to S3 Batch
 * Operations). Both permissions it needs are the caller's own: no bucket or role policy can
 * grant them, so the caller's account adds one statement with both — AWS names only the first
 * it found missing, and granting just that one would fail again on the other.
 */
export function explainPassRole(
  facts: DenialFacts,
  caller: Principal | undefined,
  passed: PassedRole,
): BuiltFinding[] {
  const d = facts.denial;
  const account = caller?.account ?? 'yours';
  const said =
    d.form === 'plain'
      ? `AWS refused ${passed.call} without a reason`
      : `${capital(you(caller))} may not ${d.action ?? passed.call}${d.action === 'iam:PassRole' ? ` the role ${passed.roleArn}` : ''}`;
  return [
    {
      side: 'caller',
      ...(caller?.account ? { account: caller.account } : {}),
      certainty: d.form === 'plain' ? 'likely' : 'certain',
      text: `${said}. The call needs ${passed.call} and iam:PassRole on ${passed.roleArn} (passed to ${passed.service} only), both in the ${caller?.kind === 'user' ? 'user' : 'role'}’s own policies: account ${account} adds this statement.`,
      statements:
        caller && caller.kind !== 'root' ? [identityPolicy('identity', caller, passRoleGrants(passed))] : [],
    },
  ];
}
