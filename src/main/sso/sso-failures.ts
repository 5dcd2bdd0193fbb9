import { AppFailure } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import { asFailure } from '../credentials/as-failure';
import type { SsoLoginConfig } from '../profiles/sso-logins';

/** Turns IAM Identity Center failures into words that say what to do. */

const nameOf = (err: unknown): string =>
  typeof err === 'object' && err !== null ? String((err as { name?: unknown }).name ?? '') : '';

export const loginLabel = (login: Pick<SsoLoginConfig, 'sessionName' | 'startUrl'>): string =>
  login.sessionName ? `sso-session "${login.sessionName}"` : login.startUrl;

/** No usable token: never signed in, signed out, expired beyond refresh, or refused by AWS. */
export function signInRequired(
  login: Pick<SsoLoginConfig, 'id' | 'sessionName' | 'startUrl'>,
  why: string,
): AppFailure {
  return new AppFailure(
    'sso-sign-in-required',
    `Sign in to IAM Identity Center (${loginLabel(login)}): ${why}`,
    {
      details: { ssoLogin: login.id, startUrl: login.startUrl },
      hints: [
        'Use "Sign in" in the sidebar: Crossbucket opens the sign-in page in your browser.',
        login.sessionName
          ? `A sign-in from the AWS CLI works too: aws sso login --sso-session ${login.sessionName}`
          : 'A sign-in from the AWS CLI works too: aws sso login --profile <a profile with this start URL>',
      ],
    },
  );
}

/** A sign-in asked for by ID (from the window, or a profile's sso_session) that the config no longer has. */
export function unknownLogin(id: string, profile?: string): AppFailure {
  return new AppFailure('not-found', `There is no IAM Identity Center sign-in "${id}" in the config file.`, {
    details: { ssoLogin: id, ...(profile ? { profile } : {}) },
    hints: [
      'Add the [sso-session] section (sso_start_url, sso_region) to ~/.aws/config, or reload the profiles.',
    ],
  });
}

/** Whether the portal or the OIDC service refused the token itself (as opposed to a role or the network). */
export const isTokenRefused = (err: unknown): boolean =>
  [
    'UnauthorizedException',
    'InvalidGrantException',
    'ExpiredTokenException',
    'InvalidClientException',
  ].includes(nameOf(err));

/** A portal call's failure (ListAccounts, ListAccountRoles, GetRoleCredentials). */
export function portalFailure(
  err: unknown,
  login: Pick<SsoLoginConfig, 'id' | 'sessionName' | 'startUrl'>,
  action: string,
  resource?: string,
): AppFailure {
  if (err instanceof AppFailure) return err;
  if (isTokenRefused(err)) return signInRequired(login, 'AWS no longer accepts the sign-in.');
  if (nameOf(err) === 'ForbiddenException' || nameOf(err) === 'ResourceNotFoundException') {
    return new AppFailure(
      'access-denied',
      `IAM Identity Center does not let this sign-in use ${resource ?? 'that role'}.`,
      {
        details: { action, ...(resource ? { resource } : {}), ssoLogin: login.id },
        hints: [
          'The permission set may have been unassigned; refresh the list of accounts and roles.',
          'Check the account ID and role name in the profile (sso_account_id, sso_role_name).',
        ],
      },
    );
  }
  return asFailure(toAppError(err, { action, ...(resource ? { resource } : {}) }));
}

/** A sign-in step's failure (RegisterClient, StartDeviceAuthorization, CreateToken). */
export function signInFailure(err: unknown, login: Pick<SsoLoginConfig, 'startUrl' | 'region'>): AppFailure {
  if (err instanceof AppFailure) return err;
  switch (nameOf(err)) {
    case 'AccessDeniedException':
      return new AppFailure('sso-sign-in-failed', 'The sign-in was denied in the browser.', {
        hints: ['Start the sign-in again and choose Allow.'],
      });
    case 'ExpiredTokenException':
      return new AppFailure('sso-sign-in-failed', 'The sign-in request expired before it was approved.', {
        hints: ['Start the sign-in again and approve it within the time shown.'],
      });
    case 'InvalidGrantException':
    case 'InvalidClientException':
    case 'UnauthorizedClientException':
      return new AppFailure('sso-sign-in-failed', 'IAM Identity Center refused the sign-in request.', {
        details: { error: nameOf(err) },
        hints: ['Start the sign-in again; a fresh client registration will be made.'],
      });
    case 'InvalidRequestException':
    case 'InvalidScopeException':
    case 'InvalidRequestRegionException':
      return new AppFailure(
        'sso-sign-in-failed',
        `IAM Identity Center refused the request (${nameOf(err)}).`,
        {
          details: { startUrl: login.startUrl, region: login.region },
          hints: [
            `Check sso_start_url (${login.startUrl}) and sso_region (${login.region}): the region must be the one the start URL lives in.`,
            'Check sso_registration_scopes: sso:account:access is the scope for AWS accounts.',
          ],
        },
      );
    default:
      return asFailure(toAppError(err, { action: 'sso-oidc' }));
  }
}
