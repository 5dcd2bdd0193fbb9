import { GetFederationTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AppFailure } from '../../shared/errors/app-error';
import { toAppError } from '../../shared/errors/to-app-error';
import type { Located } from '../../shared/s3-address/format';
import { partitionOfArn, partitionOfRegion } from '../../shared/s3-address/partition';
import type { Env } from '../profiles/read-config-files';
import type { SignInContext } from '../sessions/session-store';
import {
  consoleDestination,
  federationUrl,
  loginUrl,
  type SessionCredentials,
  type SignInCredentialKind,
  sessionDurationFor,
  signinTokenRequest,
} from './sign-in-url';

/** How long the federation endpoint gets to answer. */
const FEDERATION_TIMEOUT_MS = 15_000;
/** A federation token's own lifetime is the Console session's: 12 hours, AWS's default. */
const FEDERATION_TOKEN_SECONDS = 43_200;

/**
 * GetFederationToken grants the intersection of the user's policies and this one: passing
 * "everything" keeps exactly the user's own permissions (no policy would grant none).
 */
const KEEP_USER_PERMISSIONS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

export interface ConsoleSignInDeps {
  readonly env: Env;
  readonly credentials: (sessionId: string) => Promise<AwsCredentialIdentity>;
  readonly context: (sessionId: string) => SignInContext;
  readonly bucketRegion: (sessionId: string, bucket: string) => Promise<string>;
  readonly openExternal: (url: string) => Promise<void>;
  /** Seams for tests; by default Node's fetch and the SDK's STS client. */
  readonly fetch?: typeof fetch;
  readonly federationToken?: (
    context: SignInContext,
    keys: AwsCredentialIdentity,
    name: string,
  ) => Promise<SessionCredentials>;
}

const sdkFederationToken = async (
  context: SignInContext,
  keys: AwsCredentialIdentity,
  name: string,
): Promise<SessionCredentials> => {
  const client = new STSClient({
    region: context.region,
    credentials: keys,
    ...(context.stsEndpoint ? { endpoint: context.stsEndpoint } : {}),
  });
  try {
    const out = await client.send(
      new GetFederationTokenCommand({
        Name: name,
        Policy: KEEP_USER_PERMISSIONS,
        DurationSeconds: FEDERATION_TOKEN_SECONDS,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new Error('STS returned no credentials.');
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } catch (err) {
    const error = toAppError(err, { action: 'sts:GetFederationToken' });
    throw new AppFailure(error.code, `Could not get a federation token for the Console: ${error.message}`, {
      details: error.details,
      hints: [
        'Signing in to the Console with an IAM user’s access keys takes sts:GetFederationToken on that user.',
        ...(error.hints ?? []),
      ],
    });
  } finally {
    client.destroy();
  }
};

function tokenIn(body: string): unknown {
  try {
    return (JSON.parse(body) as { SigninToken?: unknown } | null)?.SigninToken;
  } catch {
    return undefined;
  }
}

/** A federated user's name: 2–32 of `\w+=,.@-`, from the IAM user's name when there is one. */
function federatedName(identityArn: string | undefined): string {
  const user = identityArn?.match(/:user\/(?:.*\/)?([^/]+)$/)?.[1] ?? 'crossbucket';
  const clean = user.replace(/[^\w+=,.@-]/g, '-').slice(0, 32);
  return clean.length >= 2 ? clean : 'crossbucket';
}

/**
 * Opens the AWS Console as an open session, the way Leapp, granted and aws-vault do: the
 * session's credentials buy a sign-in token from the federation endpoint, and the login URL
 * built from it opens in the system browser. Both URLs carry secrets, so neither leaves main.
 */
export class ConsoleSignIn {
  readonly #deps: ConsoleSignInDeps;

  constructor(deps: ConsoleSignInDeps) {
    this.#deps = deps;
  }

  async open(sessionId: string, location?: Located): Promise<void> {
    const context = this.#deps.context(sessionId);
    const { credentials, kind } = await this.#signInCredentials(sessionId, context);
    const partition = context.identityArn
      ? partitionOfArn(context.identityArn)
      : partitionOfRegion(context.region);
    const endpoint = federationUrl(partition, this.#deps.env.AWS_ENDPOINT_URL_SIGNIN);
    const token = await this.#signinToken(endpoint, credentials, sessionDurationFor(kind));
    const region = location ? await this.#deps.bucketRegion(sessionId, location.bucket) : context.region;
    await this.#deps.openExternal(loginUrl(endpoint, token, consoleDestination(region, location)));
  }

  async #signInCredentials(
    sessionId: string,
    context: SignInContext,
  ): Promise<{ credentials: SessionCredentials; kind: SignInCredentialKind }> {
    const keys = await this.#deps.credentials(sessionId);
    const arn = context.identityArn ?? '';
    if (!keys.sessionToken) {
      const federate = this.#deps.federationToken ?? sdkFederationToken;
      return { credentials: await federate(context, keys, federatedName(arn)), kind: 'federation-token' };
    }
    const credentials = {
      accessKeyId: keys.accessKeyId,
      secretAccessKey: keys.secretAccessKey,
      sessionToken: keys.sessionToken,
    };
    if (arn.includes(':federated-user/')) return { credentials, kind: 'federation-token' };
    if (arn.includes(':assumed-role/'))
      return { credentials, kind: context.chained ? 'chained-role' : 'role' };
    throw new AppFailure('validation', 'These credentials cannot sign in to the Console.', {
      details: { identity: arn },
      hints: [
        'Temporary credentials of an IAM user (GetSessionToken, as after an MFA prompt) are refused by AWS sign-in.',
        'Open a profile that assumes a role, or one with the user’s long-term access keys.',
      ],
    });
  }

  async #signinToken(endpoint: string, credentials: SessionCredentials, duration?: number): Promise<string> {
    const fetcher = this.#deps.fetch ?? fetch;
    let response: Response;
    try {
      response = await fetcher(signinTokenRequest(endpoint, credentials, duration), {
        signal: AbortSignal.timeout(FEDERATION_TIMEOUT_MS),
      });
    } catch (err) {
      throw new AppFailure(
        'network',
        `Could not reach the AWS sign-in endpoint (${new URL(endpoint).host}).`,
        {
          details: { reason: err instanceof Error ? err.message : String(err) },
          hints: ['Check the network; AWS_ENDPOINT_URL_SIGNIN changes which endpoint is used.'],
        },
      );
    }
    const body = await response.text();
    const token = response.ok ? tokenIn(body) : undefined;
    if (typeof token !== 'string' || token === '') {
      throw new AppFailure(
        'access-denied',
        `AWS sign-in did not accept this session (HTTP ${response.status}).`,
        {
          details: { endpoint, answer: body.slice(0, 200) },
          hints: [
            'The session may have expired: renew it and try again.',
            'Some organisations forbid Console sign-in for federated sessions (an SCP or the role’s permissions).',
          ],
        },
      );
    }
    return token;
  }
}
