// A stand-in for IAM Identity Center: the `sso-oidc` service (sign-in) and the `sso` portal
// (accounts, roles, role credentials), which moto 5.2.1 does not have. It speaks the wire
// format the AWS SDKs and botocore expect (REST + JSON, errors named in x-amzn-ErrorType), so
// Crossbucket and the machine's botocore reach it through AWS_ENDPOINT_URL_SSO_OIDC /
// AWS_ENDPOINT_URL_SSO like any custom endpoint. The pages a browser would show (authorize,
// device verification) are real HTML forms; `approve()` plays the user's browser on them.
// Role credentials are minted by the caller (the world: AssumeRole in moto), so S3 calls made
// with them meet moto's IAM checks.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OidcStandIn, Refusal } from './identity-center-oidc';
import { playBrowser } from './identity-center-pages';

export interface IdentityCenterAccount {
  readonly name: string;
  readonly email: string;
  /** Permission sets assigned to the user in this account: role name → nothing more needed here. */
  readonly roles: readonly string[];
}

export interface IdentityCenterOptions {
  readonly startUrl: string;
  readonly region: string;
  /** Accounts the user is assigned to, by account ID. */
  readonly accounts: Readonly<Record<string, IdentityCenterAccount>>;
  /** Role credentials for a permission set in an account (the world: AssumeRole in moto). */
  readonly mint: (accountId: string, roleName: string, seconds: number) => Promise<MintedCredentials>;
  /** Access token lifetime; AWS hands out about an hour. */
  readonly accessTokenSeconds?: number;
  /** Client registration lifetime; AWS: 90 days. */
  readonly registrationSeconds?: number;
  /** Role credentials lifetime (the permission set's session duration); AWS default: one hour. */
  readonly roleSessionSeconds?: number;
  /** Largest page ListAccounts / ListAccountRoles return, small to make clients paginate. */
  readonly pageSize?: number;
  /** Seconds a device code client is told to wait between polls. */
  readonly pollInterval?: number;
  /** How long a device code stays valid; AWS: ten minutes. */
  readonly deviceCodeSeconds?: number;
}

export interface MintedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** One request the stand-in answered, without any token in it. */
export interface IdentityCenterCall {
  readonly operation: string;
  readonly status: number;
  readonly grantType?: string;
  readonly clientName?: string;
  readonly accountId?: string;
  readonly roleName?: string;
}

export interface IdentityCenter {
  readonly endpoint: string;
  readonly startUrl: string;
  readonly region: string;
  /** Plays the user's browser on a page the app opened: loads it, presses Allow, follows the redirect. */
  approve(url: string): Promise<void>;
  /** The same, pressing Deny. */
  deny(url: string): Promise<void>;
  /**
   * Ends every sign-in, as when the user's Identity Center session reaches its maximum length
   * or an administrator revokes it: access and refresh tokens issued so far stop working.
   */
  endSessions(): void;
  /** Answers the next `count` device code polls with slow_down. */
  slowDownNext(count: number): void;
  calls(): readonly IdentityCenterCall[];
  /** Every token and client secret handed out, for leak scans. */
  secretsSeen(): readonly string[];
  close(): Promise<void>;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
  readonly location?: string;
  readonly call: IdentityCenterCall;
}

export async function startIdentityCenter(options: IdentityCenterOptions): Promise<IdentityCenter> {
  const roleSeconds = options.roleSessionSeconds ?? 3600;
  const pageSize = options.pageSize ?? 2;
  const calls: IdentityCenterCall[] = [];
  const minted: string[] = [];
  let endpoint = '';
  const oidc = new OidcStandIn({
    startUrl: options.startUrl,
    accessTokenSeconds: options.accessTokenSeconds ?? 3600,
    registrationSeconds: options.registrationSeconds ?? 90 * 24 * 3600,
    pollInterval: options.pollInterval ?? 1,
    deviceCodeSeconds: options.deviceCodeSeconds ?? 600,
    endpoint: () => endpoint,
  });

  const bearer = (req: http.IncomingMessage): string => {
    const token = req.headers['x-amz-sso_bearer_token'];
    oidc.holder(typeof token === 'string' ? token : undefined);
    return token as string;
  };

  /** ListAccounts / ListAccountRoles paging: `max_result` capped by the page size, offsets as next tokens. */
  const page = <T>(items: readonly T[], url: URL): { items: T[]; nextToken?: string } => {
    const offset = Number(Buffer.from(url.searchParams.get('next_token') ?? '', 'base64url').toString() || 0);
    const size = Math.min(pageSize, Number(url.searchParams.get('max_result') ?? pageSize) || pageSize);
    const slice = items.slice(offset, offset + size);
    const next =
      offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
    return { items: slice, ...(next ? { nextToken: next } : {}) };
  };

  const route = async (req: http.IncomingMessage, url: URL): Promise<Answer> => {
    const json = async (): Promise<Record<string, unknown>> => JSON.parse((await readBody(req)) || '{}');
    const form = async (): Promise<URLSearchParams> => new URLSearchParams(await readBody(req));
    const ok = (operation: string, value: unknown, extra: Partial<IdentityCenterCall> = {}): Answer => ({
      status: 200,
      type: 'application/json',
      body: JSON.stringify(value),
      call: { operation, status: 200, ...extra },
    });
    const html = (operation: string, body: string): Answer => ({
      status: 200,
      type: 'text/html; charset=utf-8',
      body,
      call: { operation, status: 200 },
    });
    const key = `${req.method} ${url.pathname}`;
    switch (key) {
      case 'POST /client/register': {
        const body = await json();
        return ok('RegisterClient', oidc.register(body), { clientName: String(body.clientName ?? '') });
      }
      case 'POST /device_authorization':
        return ok('StartDeviceAuthorization', oidc.startDevice(await json()));
      case 'POST /token': {
        const body = await json();
        return ok('CreateToken', oidc.createToken(body), { grantType: String(body.grantType) });
      }
      case 'GET /authorize':
        return html('Authorize', oidc.authorizePage(url));
      case 'POST /authorize/decide': {
        const location = oidc.decideAuthorize(await form());
        return {
          status: 302,
          type: 'text/plain',
          body: '',
          location,
          call: { operation: 'AuthorizeDecision', status: 302 },
        };
      }
      case 'GET /device':
        return html('DevicePage', oidc.devicePage(url.searchParams.get('user_code') ?? ''));
      case 'POST /device/decide':
        return html('DeviceDecision', oidc.decideDevice(await form()));
      case 'GET /assignment/accounts': {
        bearer(req);
        const all = Object.entries(options.accounts).map(([accountId, a]) => ({
          accountId,
          accountName: a.name,
          emailAddress: a.email,
        }));
        const { items, nextToken } = page(all, url);
        return ok('ListAccounts', { accountList: items, ...(nextToken ? { nextToken } : {}) });
      }
      case 'GET /assignment/roles': {
        bearer(req);
        const accountId = url.searchParams.get('account_id') ?? '';
        const account = options.accounts[accountId];
        if (!account) throw new Refusal(403, 'ForbiddenException', '', 'No access');
        const { items, nextToken } = page(
          account.roles.map((roleName) => ({ roleName, accountId })),
          url,
        );
        return ok(
          'ListAccountRoles',
          { roleList: items, ...(nextToken ? { nextToken } : {}) },
          { accountId },
        );
      }
      case 'GET /federation/credentials': {
        bearer(req);
        const accountId = url.searchParams.get('account_id') ?? '';
        const roleName = url.searchParams.get('role_name') ?? '';
        if (!options.accounts[accountId]?.roles.includes(roleName)) {
          throw new Refusal(403, 'ForbiddenException', '', 'No access');
        }
        const c = await options.mint(accountId, roleName, roleSeconds);
        minted.push(c.secretAccessKey, c.sessionToken);
        const roleCredentials = {
          accessKeyId: c.accessKeyId,
          secretAccessKey: c.secretAccessKey,
          sessionToken: c.sessionToken,
          expiration: c.expiration.getTime(),
        };
        return ok('GetRoleCredentials', { roleCredentials }, { accountId, roleName });
      }
      case 'POST /logout':
        oidc.logout(bearer(req));
        return ok('Logout', {});
      default:
        throw new Refusal(404, 'ResourceNotFoundException', '', `No route ${key}`);
    }
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    route(req, url).then(
      (answer) => {
        calls.push(answer.call);
        res.writeHead(answer.status, {
          'content-type': answer.type,
          ...(answer.location ? { location: answer.location } : {}),
          'x-amzn-requestid': randomUUID(),
        });
        res.end(answer.body);
      },
      (err: unknown) => {
        const refusal =
          err instanceof Refusal
            ? err
            : new Refusal(500, 'InternalServerException', 'server_error', String(err));
        calls.push({ operation: `${req.method} ${url.pathname}`, status: refusal.status });
        const body = refusal.oauthError
          ? { error: refusal.oauthError, error_description: refusal.message }
          : { message: refusal.message };
        res.writeHead(refusal.status, {
          'content-type': 'application/json',
          'x-amzn-errortype': refusal.type,
          'x-amzn-requestid': randomUUID(),
        });
        res.end(JSON.stringify(body));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    startUrl: options.startUrl,
    region: options.region,
    approve: (url) => playBrowser(url, 'allow'),
    deny: (url) => playBrowser(url, 'deny'),
    endSessions: () => oidc.endSessions(),
    slowDownNext: (count) => oidc.slowDownNext(count),
    calls: () => [...calls],
    secretsSeen: () => [...oidc.secrets, ...minted],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
