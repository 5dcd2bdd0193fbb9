import type { AdhocRole } from '../../../shared/models/profile';

export function roleArnOf(role: Pick<AdhocRole, 'accountId' | 'roleName'>, partition = 'aws'): string {
  // Role names may carry a path (`ops/Deploy`); the ARN spells it as `role/ops/Deploy`.
  return `arn:${partition}:iam::${role.accountId}:role/${role.roleName}`;
}

/** A profile name the CLI accepts: the label if any, otherwise `<role>-<account>`. */
export function profileNameFor(role: AdhocRole): string {
  const base = role.label?.trim() || `${role.roleName.split('/').pop() ?? role.roleName}-${role.accountId}`;
  return base.replace(/[\s[\]]+/g, '-');
}

/**
 * The `[profile …]` block for ~/.aws/config that reproduces this switch with the AWS CLI.
 * Built here from the form alone: it contains no secret (an external ID is not a credential).
 */
export function renderProfileBlock(role: AdhocRole, partition = 'aws'): string {
  const lines = [`[profile ${profileNameFor(role)}]`, `role_arn = ${roleArnOf(role, partition)}`];
  lines.push(`source_profile = ${role.sourceProfile}`);
  if (role.mfaSerial) lines.push(`mfa_serial = ${role.mfaSerial}`);
  if (role.externalId) lines.push(`external_id = ${role.externalId}`);
  if (role.durationSeconds) lines.push(`duration_seconds = ${role.durationSeconds}`);
  if (role.roleSessionName) lines.push(`role_session_name = ${role.roleSessionName}`);
  if (role.region) lines.push(`region = ${role.region}`);
  return `${lines.join('\n')}\n`;
}
