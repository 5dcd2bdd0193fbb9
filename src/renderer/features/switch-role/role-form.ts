import type { AdhocRole } from '../../../shared/models/profile';

/** The form as typed: strings throughout, turned into an AdhocRole only when valid. */
export interface RoleForm {
  readonly sourceProfile: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly externalId: string;
  readonly mfaSerial: string;
  readonly durationSeconds: string;
  readonly roleSessionName: string;
  readonly region: string;
  readonly label: string;
  readonly remember: boolean;
}

export type RoleFormErrors = Partial<Record<keyof RoleForm, string>>;

export const emptyForm = (sourceProfile: string): RoleForm => ({
  sourceProfile,
  accountId: '',
  roleName: '',
  externalId: '',
  mfaSerial: '',
  durationSeconds: '',
  roleSessionName: '',
  region: '',
  label: '',
  remember: true,
});

export function formFromRole(role: AdhocRole): RoleForm {
  return {
    sourceProfile: role.sourceProfile,
    accountId: role.accountId,
    roleName: role.roleName,
    externalId: role.externalId ?? '',
    mfaSerial: role.mfaSerial ?? '',
    durationSeconds: role.durationSeconds ? String(role.durationSeconds) : '',
    roleSessionName: role.roleSessionName ?? '',
    region: role.region ?? '',
    label: role.label ?? '',
    remember: true,
  };
}

/** A pasted role ARN fills account and role name at once, as people copy ARNs from consoles. */
export function splitRoleArn(
  text: string,
): { readonly accountId: string; readonly roleName: string } | undefined {
  const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(.+)$/.exec(text.trim());
  return match?.[1] && match[2] ? { accountId: match[1], roleName: match[2] } : undefined;
}

// The same rules main's schema enforces, checked here so mistakes show next to the field.
export function validateRole(form: RoleForm): RoleFormErrors {
  const errors: Record<string, string> = {};
  if (!form.sourceProfile) errors.sourceProfile = 'Choose the profile whose credentials assume the role.';
  if (!/^\d{12}$/.test(form.accountId.trim())) errors.accountId = 'An account ID is 12 digits.';
  if (!/^[\w+=,.@/-]{1,64}$/.test(form.roleName.trim())) errors.roleName = 'Not a valid IAM role name.';
  const ext = form.externalId.trim();
  if (ext && (ext.length < 2 || ext.length > 1224))
    errors.externalId = 'An external ID is 2 to 1,224 characters.';
  const mfa = form.mfaSerial.trim();
  if (mfa && (mfa.length < 9 || mfa.length > 256))
    errors.mfaSerial = 'Use the MFA device ARN or serial number.';
  const sessionName = form.roleSessionName.trim();
  if (sessionName && !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    errors.roleSessionName = '2–64 letters, digits or +=,.@-_';
  }
  const region = form.region.trim();
  if (region && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    errors.region = 'Not an AWS region name (eu-west-1).';
  if (form.label.length > 64) errors.label = 'At most 64 characters.';
  return errors;
}

/** The role a valid form describes; optional fields left empty are left out entirely. */
export function roleFromForm(form: RoleForm): AdhocRole {
  const opt = <K extends string>(key: K, value: string): { readonly [P in K]?: string } =>
    value.trim() ? ({ [key]: value.trim() } as { readonly [P in K]: string }) : {};
  return {
    sourceProfile: form.sourceProfile,
    accountId: form.accountId.trim(),
    roleName: form.roleName.trim(),
    ...opt('externalId', form.externalId),
    ...opt('mfaSerial', form.mfaSerial),
    ...(form.durationSeconds ? { durationSeconds: Number(form.durationSeconds) } : {}),
    ...opt('roleSessionName', form.roleSessionName),
    ...opt('region', form.region),
    ...opt('label', form.label),
  };
}
