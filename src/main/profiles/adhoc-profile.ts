import type { AppError } from '../../shared/models/errors';
import type { AdhocRole, ProfileSummary } from '../../shared/models/profile';
import type { ResolvedProfile, RoleStep } from './profile-model';
import { isRoleArn, isValidDuration, maxDurationSeconds, minDurationSeconds } from './role-config';

/** The Console's "Switch role" builds the ARN the same way: the commercial partition, no path. */
export const adhocRoleArn = (role: AdhocRole): string =>
  `arn:aws:iam::${role.accountId}:role/${role.roleName}`;

export const adhocProfileName = (role: AdhocRole): string => `adhoc:${role.accountId}:${role.roleName}`;

/** What a switch without a display name is called on screen, as the Console shows it: `role @ account`. */
export const adhocLabel = (role: AdhocRole): string =>
  role.label?.trim() || `${role.roleName} @ ${role.accountId}`;

function adhocProblem(role: AdhocRole, source: ResolvedProfile): AppError | undefined {
  const name = adhocProfileName(role);
  if (source.summary.error) {
    return {
      ...source.summary.error,
      message: `The role switch ${name} starts from profile "${source.summary.name}", which cannot be used: ${source.summary.error.message}`,
      details: { ...source.summary.error.details, profile: name, failedLink: source.summary.name },
    };
  }
  if (!isRoleArn(adhocRoleArn(role))) {
    return {
      code: 'validation',
      message: 'The account must be 12 digits and the role name may use letters, digits and +=,.@_-/ only.',
      details: { profile: name },
    };
  }
  if (role.durationSeconds !== undefined && !isValidDuration(role.durationSeconds)) {
    return {
      code: 'validation',
      message: `The session duration must be from ${minDurationSeconds} to ${maxDurationSeconds} seconds.`,
      details: { profile: name },
    };
  }
  return undefined;
}

/**
 * A role switch on top of an existing profile, resolved as if it were a profile with
 * `source_profile = <source>`: the source's chain, then one more AssumeRole. It uses the
 * source's endpoints, since an ad-hoc switch has no settings of its own to name any.
 */
export function adhocToResolved(role: AdhocRole, source: ResolvedProfile): ResolvedProfile {
  const name = adhocProfileName(role);
  const error = adhocProblem(role, source);
  const step: RoleStep = {
    profile: name,
    roleArn: adhocRoleArn(role),
    externalId: role.externalId,
    mfaSerial: role.mfaSerial,
    durationSeconds: role.durationSeconds,
    roleSessionName: role.roleSessionName,
  };
  const steps = error ? [] : [...source.steps, step];
  const region = role.region ?? source.region;
  const summary: ProfileSummary = {
    name,
    kind: 'role',
    region,
    roleArn: step.roleArn,
    sourceProfile: source.summary.name,
    mfaSerial: role.mfaSerial,
    hasExternalId: role.externalId !== undefined && role.externalId !== '',
    durationSeconds: role.durationSeconds,
    roleSessionName: role.roleSessionName,
    chain: error ? [name] : [...source.summary.chain, name],
    needsMfa: steps.some((s) => s.mfaSerial !== undefined),
    endpoints: source.endpoints,
    error,
  };
  return { summary, ...(error ? {} : { root: source.root }), steps, region, endpoints: source.endpoints };
}

/** Line breaks or brackets in a value would end the line or the section early in the pasted file. */
export const clean = (value: string): string => value.replace(/[\r\n[\]]/g, '').trim();

/** A profile name botocore reads back unchanged: quoted when it has spaces (shlex rules). */
export const headerName = (name: string): string =>
  /\s/.test(name) ? `"${name.replace(/["\\]/g, '')}"` : name;

const defaultBlockName = (role: AdhocRole): string =>
  clean(role.label ?? '').replace(/\s+/g, '-') || `${role.accountId}-${role.roleName.replace(/\//g, '-')}`;

/** The `[profile …]` section that makes the CLI do the same role switch; for the user to paste. */
export function renderProfileBlock(role: AdhocRole, name?: string): string {
  const settings: readonly (readonly [string, string | number | undefined])[] = [
    ['role_arn', adhocRoleArn(role)],
    ['source_profile', role.sourceProfile],
    ['external_id', role.externalId],
    ['mfa_serial', role.mfaSerial],
    ['duration_seconds', role.durationSeconds],
    ['role_session_name', role.roleSessionName],
    ['region', role.region],
  ];
  const lines = settings
    .map(([key, value]) => [key, value === undefined ? '' : clean(String(value))] as const)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key} = ${value}`);
  const profileName = clean(name ?? '') || defaultBlockName(role);
  return `[profile ${headerName(profileName)}]\n${lines.join('\n')}\n`;
}
