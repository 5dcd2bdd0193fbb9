/**
 * The AWS federation endpoint's two URLs: the sign-in token request (which carries the
 * session's credentials) and the login URL (which carries the sign-in token). Both are
 * secrets; they are built and used in main only.
 */

import { formatConsoleUrl, type Located } from '../../shared/s3-address/format';
import { partitionInfo, partitionOfRegion } from '../../shared/s3-address/partition';

const FEDERATION_HOSTS: Readonly<Record<string, string>> = {
  aws: 'https://signin.aws.amazon.com',
  'aws-us-gov': 'https://signin.amazonaws-us-gov.com',
  'aws-cn': 'https://signin.amazonaws.cn',
};

/** The Console session AWS grants at most, and at most after role chaining. */
export const MAX_CONSOLE_SECONDS = 43_200;
export const CHAINED_MAX_CONSOLE_SECONDS = 3600;

/**
 * Where credentials come from decides what the federation endpoint accepts: SessionDuration
 * only for role sessions, at most one hour after role chaining; a federation token's
 * session lasts as its token does and must not name a duration.
 */
export type SignInCredentialKind = 'role' | 'chained-role' | 'federation-token';

export function sessionDurationFor(kind: SignInCredentialKind): number | undefined {
  switch (kind) {
    case 'role':
      return MAX_CONSOLE_SECONDS;
    case 'chained-role':
      return CHAINED_MAX_CONSOLE_SECONDS;
    case 'federation-token':
      return undefined;
  }
}

/** `AWS_ENDPOINT_URL_SIGNIN` (a base URL, as the other AWS_ENDPOINT_URL_* are) or the partition's own. */
export function federationUrl(partition: string, override?: string): string {
  const base = override?.trim() || FEDERATION_HOSTS[partition] || (FEDERATION_HOSTS.aws as string);
  return `${base.replace(/\/+$/, '')}/federation`;
}

export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

export function signinTokenRequest(
  endpoint: string,
  credentials: SessionCredentials,
  duration?: number,
): string {
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  const query = new URLSearchParams({ Action: 'getSigninToken' });
  if (duration !== undefined) query.set('SessionDuration', String(duration));
  query.set('Session', session);
  return `${endpoint}?${query}`;
}

export function loginUrl(endpoint: string, signinToken: string, destination: string): string {
  const query = new URLSearchParams({
    Action: 'login',
    Issuer: 'Crossbucket',
    Destination: destination,
    SigninToken: signinToken,
  });
  return `${endpoint}?${query}`;
}

/** The Console page to land on: the folder or object, else S3's start page in that region. */
export function consoleDestination(region: string, location?: Located): string {
  if (location) return formatConsoleUrl(location, region);
  const { consoleHost } = partitionInfo(partitionOfRegion(region));
  return `https://${consoleHost}/s3/home?region=${encodeURIComponent(region)}`;
}
