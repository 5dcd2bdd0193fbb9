import { policyTypeName } from '../../shared/errors/parse-denial';
import type { AccessDenial, PolicyType } from '../../shared/models/access';
import type { BuiltFinding } from './facts';
import type { Principal } from './principals';

export const you = (caller: Principal | undefined): string =>
  caller
    ? `your ${caller.kind === 'user' ? 'user' : caller.kind === 'role' ? 'role' : 'identity'}${caller.name ? ` ${caller.name}` : ''}${caller.account ? ` (account ${caller.account})` : ''}`
    : 'your identity';

export const what = (d: AccessDenial): string =>
  `${d.action ?? 'the action'} on ${d.resource ?? 'the resource'}`;

export const theOwner = (bucket: string, account: string | undefined): string =>
  account ? `The bucket owner (account ${account})` : `The account that owns ${bucket}`;

/** Policies that no statement Crossbucket could write will lift: someone else's guardrails. */
export function guardrailFinding(
  d: AccessDenial,
  type: PolicyType,
  caller: Principal | undefined,
  owner?: string,
): BuiltFinding {
  const deny = d.explicit
    ? `An explicit deny in a ${policyTypeName(type)} refuses ${what(d)}`
    : `No ${policyTypeName(type)} allows ${what(d)}`;
  const via = d.through ? ` (transitively through a ${policyTypeName(d.through)})` : '';
  const arn = d.policyArn ? ` The policy is ${d.policyArn}.` : '';
  switch (type) {
    case 'service-control':
      return {
        side: 'guardrail',
        ...(caller?.account ? { account: caller.account } : {}),
        certainty: 'certain',
        text: `${deny}${via}. An SCP covers every role of account ${caller?.account ?? 'yours'}, so no IAM or bucket policy can lift it: ask your platform team (who manage AWS Organizations) for an exception.${arn}`,
        statements: [],
      };
    case 'resource-control':
      return {
        side: 'guardrail',
        ...(owner ? { account: owner } : {}),
        certainty: 'certain',
        text: `${deny}${via}. An RCP covers every resource of the owning account${owner ? ` (${owner})` : ''}: ask the platform team of that organization for an exception.${arn}`,
        statements: [],
      };
    case 'vpc-endpoint':
      return {
        side: 'guardrail',
        certainty: 'certain',
        text: `${deny}${via}. Your network reaches S3 through a VPC endpoint whose policy refuses this: ask the team that runs the network to allow it, or connect from a network without that endpoint.`,
        statements: [],
      };
    case 'permissions-boundary':
      return {
        side: 'caller',
        ...(caller?.account ? { account: caller.account } : {}),
        certainty: 'certain',
        text: `${deny}. The permissions boundary caps ${you(caller)}; adding policies to the role does not help. The administrators of account ${caller?.account ?? 'yours'} must allow it in the boundary.${arn}`,
        statements: [],
      };
    default:
      return {
        side: 'caller',
        ...(caller?.account ? { account: caller.account } : {}),
        certainty: 'certain',
        text: `${deny}. These credentials were issued with a session policy (by SSO, a credential_process or a broker) that limits them: get credentials without that limit.`,
        statements: [],
      };
  }
}

export const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
