import type { AccessDenial, PassedRole, PolicyType } from '../models/access';

/** The call that failed, known to the caller even when AWS's message names nothing. */
export interface DeniedCall {
  readonly action?: string;
  readonly resource?: string;
  /** The role the call hands to a service, which the explanation must grant too. */
  readonly passedRole?: PassedRole;
}

/**
 * AWS's words for each policy type, as its enriched messages spell them (the IAM guide once
 * printed "sessions policy"; both forms are accepted).
 */
const POLICY_TYPE_WORDS: readonly (readonly [RegExp, PolicyType])[] = [
  [/^identity-based policy$/i, 'identity-based'],
  [/^resource-based policy$/i, 'resource-based'],
  [/^service control polic(?:y|ies)$/i, 'service-control'],
  [/^resource control polic(?:y|ies)$/i, 'resource-control'],
  [/^VPC endpoint polic(?:y|ies)$/i, 'vpc-endpoint'],
  [/^permissions? boundar(?:y|ies)$/i, 'permissions-boundary'],
  [/^sessions? polic(?:y|ies)$/i, 'session'],
  [/^(?:role )?trust policy$/i, 'role-trust'],
];

const policyTypeOf = (words: string): PolicyType | undefined =>
  POLICY_TYPE_WORDS.find(([pattern]) => pattern.test(words.trim()))?.[1];

// `User: <arn> is not authorized to perform: <action> [on resource: ["]<arn>["]] [context]`.
// S3 quotes the resource (a key may hold spaces); STS and IAM do not. Some services omit "User:" or the ARN.
const NOT_AUTHORIZED =
  /^(?:User:?\s*)?(?<principal>arn:[^\s"]+)?\s*is not authorized to perform:?\s*(?<action>[\w-]+:[\w*-]+)(?:\s+on resource:?\s*(?:"(?<quoted>[^"]+)"|(?<resource>[^"\s]+)))?(?<context>.*)$/is;
const IMPLICIT = /^because no (?<type>.+?) allows the [\w-]+:[\w*-]+ action/i;
const EXPLICIT =
  /^with an explicit deny in (?:an?|the) (?<type>.+?)(?:\s+transitively through (?:an?|the) (?<through>.+?))?(?::\s*(?<arn>arn:\S+?))?\.?$/i;

/** Collapses the line breaks some SDKs and consoles put into long messages. */
const normalise = (message: string): string => message.replace(/\s+/g, ' ').trim();

/** Strips a CLI-style prefix: "An error occurred (AccessDenied) when calling the GetObject operation: …". */
const withoutCliPrefix = (message: string): string =>
  message.replace(/^An error occurred \([^)]*\) when calling the \w+ operation:\s*/i, '');

/**
 * Reads an AccessDenied message into who was refused what, on which resource, by which kind
 * of policy, and whether the deny was explicit. Never throws: an unknown wording is a `plain`
 * denial that keeps the raw text and the call's own action and resource.
 */
export function parseDenial(message: string | undefined, call: DeniedCall = {}): AccessDenial {
  const denial = parseMessage(message, call);
  return call.passedRole ? { ...denial, passedRole: call.passedRole } : denial;
}

function parseMessage(message: string | undefined, call: DeniedCall): AccessDenial {
  // A HEAD response has no body; the SDK then reports its own placeholder, not AWS's words.
  const raw = message === undefined || message === 'UnknownError' ? '' : message;
  const text = withoutCliPrefix(normalise(raw));
  const fallback = {
    ...(call.action ? { action: call.action } : {}),
    ...(call.resource ? { resource: call.resource } : {}),
  };
  const match = NOT_AUTHORIZED.exec(text);
  if (!match?.groups) return { form: 'plain', ...fallback, raw };
  const { principal, action, quoted, context = '' } = match.groups;
  const resource = quoted ?? match.groups.resource;
  const base = {
    ...(principal ? { principal } : {}),
    action: action ?? call.action,
    ...(resource ? { resource } : fallback.resource ? { resource: fallback.resource } : {}),
    raw,
  };
  const rest = context.trim();
  const implicit = IMPLICIT.exec(rest);
  const implicitType = implicit?.groups?.type ? policyTypeOf(implicit.groups.type) : undefined;
  if (implicitType) return { form: 'enriched', ...base, policyType: implicitType, explicit: false };
  const explicit = EXPLICIT.exec(rest);
  const explicitType = explicit?.groups?.type ? policyTypeOf(explicit.groups.type) : undefined;
  if (explicit?.groups && explicitType) {
    const through = explicit.groups.through ? policyTypeOf(explicit.groups.through) : undefined;
    return {
      form: 'enriched',
      ...base,
      policyType: explicitType,
      explicit: true,
      ...(through ? { through } : {}),
      ...(explicit.groups.arn ? { policyArn: explicit.groups.arn } : {}),
    };
  }
  return { form: 'not-authorized', ...base };
}

const POLICY_TYPE_NAMES: Readonly<Record<PolicyType, string>> = {
  'identity-based': 'identity-based policy',
  'resource-based': 'resource-based policy',
  'service-control': 'service control policy (SCP)',
  'resource-control': 'resource control policy (RCP)',
  'vpc-endpoint': 'VPC endpoint policy',
  'permissions-boundary': 'permissions boundary',
  session: 'session policy',
  'role-trust': 'role trust policy',
};

export const policyTypeName = (type: PolicyType): string => POLICY_TYPE_NAMES[type];

/** One line for the error notice: what AWS said, in its own terms. */
export function denialSummary(denial: AccessDenial): string | undefined {
  if (denial.form !== 'enriched' || !denial.policyType) return undefined;
  const type = policyTypeName(denial.policyType);
  return denial.explicit
    ? `AWS says: an explicit deny in a ${type}${denial.policyArn ? ` (${denial.policyArn})` : ''}.`
    : `AWS says: no ${type} allows ${denial.action ?? 'this action'}.`;
}
