// A stand-in for IAM Identity Center: the `sso-oidc` service (sign-in) and the `sso` portal
// (accounts, roles, role credentials), which moto 5.2.1 does not have. It speaks the wire
// format the AWS SDKs and botocore expect (REST + JSON, errors named in x-amzn-ErrorType), so
// Crossbucket and the machine's botocore reach it through AWS_ENDPOINT_URL_SSO_OIDC /
// AWS_ENDPOINT_URL_SSO like any custom endpoint. The pages a browser would show (authorize,
// device verification) are real HTML forms; `approve()` plays the user's browser on them.
// Role credentials are minted by the caller (the world: AssumeRole in moto), so S3 calls made
// with them meet moto's IAM checks.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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

interface Client {
  readonly name: string;
  readonly secret: string;
  readonly scopes: readonly string[];
  readonly grantTypes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly expiresAt: number;
}

interface Device {
  readonly clientId: string;
  readonly userCode: string;
  readonly expiresAt: number;
  decision?: 'allow' | 'deny';
  used?: boolean;
}

interface AuthRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly challenge: string;
}

interface Grant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly expiresAt: number;
  used?: boolean;
}

interface IssuedToken {
  readonly clientId: string;
  readonly epoch: number;
  readonly expiresAt: number;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly oauthError: string,
    message: string,
  ) {
    super(message);
  }
}

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const base64url = (bytes: number): string => randomBytes(bytes).toString('base64url');
/** Shaped like AWS's: an `aoa`/`aor` prefix and a long opaque body. */
const newAccessToken = (): string => `aoaAAAAAG${randomBytes(240).toString('base64')}`;
const newRefreshToken = (): string => `aorAAAAAG${randomBytes(300).toString('base64')}`;
/** Client secrets are JWTs. */
const newClientSecret = (): string =>
  `eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.${base64url(180)}.${base64url(48)}`;
const userCodeNow = (): string => {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ';
  const pick = () => Array.from(randomBytes(4), (b) => letters[b % letters.length]).join('');
  return `${pick()}-${pick()}`;
};

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function formPage(title: string, text: string, action: string, hidden: Record<string, string>): string {
  const inputs = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;margin:3em;max-width:40em"><h1>${title}</h1><p>${text}</p><form method="post" action="${action}">${inputs}<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button></form></body></html>`;
}

const plainPage = (title: string, text: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startIdentityCenter(options: IdentityCenterOptions): Promise<IdentityCenter> {
  const accessSeconds = options.accessTokenSeconds ?? 3600;
  const registrationSeconds = options.registrationSeconds ?? 90 * 24 * 3600;
  const roleSeconds = options.roleSessionSeconds ?? 3600;
  const pageSize = options.pageSize ?? 2;
  const interval = options.pollInterval ?? 1;
  const deviceSeconds = options.deviceCodeSeconds ?? 600;
  const clients = new Map<string, Client>();
  const devices = new Map<string, Device>();
  const authRequests = new Map<string, AuthRequest>();
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, IssuedToken>();
  const refreshTokens = new Map<string, IssuedToken>();
  const calls: IdentityCenterCall[] = [];
  const secrets: string[] = [];
  let epoch = 0;
  let slowDowns = 0;
  let endpoint = '';

  const client = (clientId: unknown, clientSecret: unknown): Client => {
    const found = typeof clientId === 'string' ? clients.get(clientId) : undefined;
    if (!found || found.secret !== clientSecret) {
      throw new Refusal(401, 'InvalidClientException', 'invalid_client', 'Invalid client');
    }
    if (found.expiresAt <= Date.now()) {
      throw new Refusal(401, 'InvalidClientException', 'invalid_client', 'Client registration has expired');
    }
    return found;
  };

  const issue = (clientId: string, owner: Client): Record<string, unknown> => {
    const accessToken = newAccessToken();
    accessTokens.set(accessToken, { clientId, epoch, expiresAt: Date.now() + accessSeconds * 1000 });
    secrets.push(accessToken);
    // Refresh tokens go to clients that asked for the grant or named scopes, as AWS does.
    const refreshable = owner.grantTypes.includes('refresh_token') || owner.scopes.length > 0;
    const refreshToken = refreshable ? newRefreshToken() : undefined;
    if (refreshToken) {
      refreshTokens.set(refreshToken, { clientId, epoch, expiresAt: Number.POSITIVE_INFINITY });
      secrets.push(refreshToken);
    }
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: accessSeconds,
      ...(refreshToken ? { refreshToken } : {}),
    };
  };

  const bearer = (req: http.IncomingMessage): string => {
    const token = req.headers['x-amz-sso_bearer_token'];
    const issued = typeof token === 'string' ? accessTokens.get(token) : undefined;
    if (!issued || issued.epoch !== epoch || issued.expiresAt <= Date.now()) {
      throw new Refusal(401, 'UnauthorizedException', '', 'Session token not found or invalid');
    }
    return token as string;
  };

  const page = <T>(items: readonly T[], url: URL): { items: T[]; nextToken?: string } => {
    const offset = Number(Buffer.from(url.searchParams.get('next_token') ?? '', 'base64url').toString() || 0);
    const size = Math.min(pageSize, Number(url.searchParams.get('max_result') ?? pageSize) || pageSize);
    const slice = items.slice(offset, offset + size);
    const next =
      offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
    return { items: slice, ...(next ? { nextToken: next } : {}) };
  };

  const createToken = (body: Record<string, unknown>): Record<string, unknown> => {
    const owner = client(body.clientId, body.clientSecret);
    const clientId = body.clientId as string;
    if (body.grantType === DEVICE_CODE_GRANT) {
      const device = devices.get(String(body.deviceCode));
      if (!device || device.clientId !== clientId || device.used) {
        throw new Refusal(400, 'InvalidGrantException', 'invalid_grant', 'Invalid device code provided');
      }
      if (device.expiresAt <= Date.now()) {
        throw new Refusal(400, 'ExpiredTokenException', 'expired_token', 'Device code has expired');
      }
      if (slowDowns > 0) {
        slowDowns--;
        throw new Refusal(400, 'SlowDownException', 'slow_down', 'Client is polling too fast');
      }
      if (device.decision === 'deny')
        throw new Refusal(400, 'AccessDeniedException', 'access_denied', 'Access denied');
      if (device.decision !== 'allow') {
        throw new Refusal(
          400,
          'AuthorizationPendingException',
          'authorization_pending',
          'Authorization is pending',
        );
      }
      device.used = true;
      return issue(clientId, owner);
    }
    if (body.grantType === 'authorization_code') {
      const grant = grants.get(String(body.code));
      const verifier = String(body.codeVerifier ?? '');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        !grant ||
        grant.used ||
        grant.clientId !== clientId ||
        grant.expiresAt <= Date.now() ||
        grant.redirectUri !== body.redirectUri ||
        grant.challenge !== challenge
      ) {
        throw new Refusal(
          400,
          'InvalidGrantException',
          'invalid_grant',
          'Invalid authorization code or code verifier',
        );
      }
      grant.used = true;
      return issue(clientId, owner);
    }
    if (body.grantType === 'refresh_token') {
      const held = refreshTokens.get(String(body.refreshToken));
      if (!held || held.clientId !== clientId || held.epoch !== epoch) {
        throw new Refusal(400, 'InvalidGrantException', 'invalid_grant', 'Invalid refresh token provided');
      }
      const accessToken = newAccessToken();
      accessTokens.set(accessToken, { clientId, epoch, expiresAt: Date.now() + accessSeconds * 1000 });
      secrets.push(accessToken);
      return { accessToken, tokenType: 'Bearer', expiresIn: accessSeconds, refreshToken: body.refreshToken };
    }
    throw new Refusal(
      400,
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
      'Unsupported grant type',
    );
  };

  /** The authorize page: the request must come from a registered client with PKCE and a loopback redirect. */
  const authorizePage = (url: URL): string => {
    const clientId = url.searchParams.get('client_id') ?? '';
    const found = clients.get(clientId);
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const redirect = URL.canParse(redirectUri) ? new URL(redirectUri) : undefined;
    const registered = found?.redirectUris.some((uri) => {
      const r = new URL(uri);
      // RFC 8252: a loopback redirect matches whatever port the client listens on.
      return (
        redirect?.protocol === r.protocol &&
        redirect.hostname === r.hostname &&
        redirect.pathname === r.pathname
      );
    });
    if (
      !found?.grantTypes.includes('authorization_code') ||
      !registered ||
      url.searchParams.get('response_type') !== 'code' ||
      url.searchParams.get('code_challenge_method') !== 'S256' ||
      !url.searchParams.get('code_challenge') ||
      !url.searchParams.get('state')
    ) {
      throw new Refusal(400, 'InvalidRequestException', 'invalid_request', 'Malformed authorization request');
    }
    const request = randomUUID();
    authRequests.set(request, {
      clientId,
      redirectUri,
      state: url.searchParams.get('state') ?? '',
      challenge: url.searchParams.get('code_challenge') ?? '',
    });
    return formPage(
      'Allow access to your data?',
      `${escapeHtml(found.name)} asks to access AWS accounts through ${escapeHtml(options.startUrl)}.`,
      '/authorize/decide',
      { request },
    );
  };

  const decideAuthorize = (form: URLSearchParams): string => {
    const request = authRequests.get(form.get('request') ?? '');
    if (!request) throw new Refusal(400, 'InvalidRequestException', 'invalid_request', 'Unknown request');
    authRequests.delete(form.get('request') ?? '');
    const target = new URL(request.redirectUri);
    target.searchParams.set('state', request.state);
    if (form.get('decision') === 'allow') {
      const code = base64url(32);
      grants.set(code, {
        clientId: request.clientId,
        redirectUri: request.redirectUri,
        challenge: request.challenge,
        expiresAt: Date.now() + 5 * 60_000,
      });
      target.searchParams.set('code', code);
    } else {
      target.searchParams.set('error', 'access_denied');
    }
    return target.toString();
  };

  const deviceFor = (userCode: string): Device => {
    for (const device of devices.values()) if (device.userCode === userCode && !device.used) return device;
    throw new Refusal(400, 'InvalidRequestException', 'invalid_request', 'Unknown or used code');
  };

  const route = async (
    req: http.IncomingMessage,
    url: URL,
  ): Promise<{ status: number; type: string; body: string; location?: string; call: IdentityCenterCall }> => {
    const json = async (): Promise<Record<string, unknown>> => JSON.parse((await readBody(req)) || '{}');
    const ok = (operation: string, value: unknown, extra: Partial<IdentityCenterCall> = {}) => ({
      status: 200,
      type: 'application/json',
      body: JSON.stringify(value),
      call: { operation, status: 200, ...extra },
    });
    const html = (operation: string, body: string) => ({
      status: 200,
      type: 'text/html; charset=utf-8',
      body,
      call: { operation, status: 200 },
    });
    const key = `${req.method} ${url.pathname}`;
    switch (key) {
      case 'POST /client/register': {
        const body = await json();
        const clientId = base64url(16);
        const secret = newClientSecret();
        secrets.push(secret);
        const expiresAt = Date.now() + registrationSeconds * 1000;
        const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
        clients.set(clientId, {
          name: String(body.clientName ?? ''),
          secret,
          scopes: strings(body.scopes),
          grantTypes: strings(body.grantTypes),
          redirectUris: strings(body.redirectUris),
          expiresAt,
        });
        return ok(
          'RegisterClient',
          {
            clientId,
            clientSecret: secret,
            clientIdIssuedAt: Math.floor(Date.now() / 1000),
            clientSecretExpiresAt: Math.floor(expiresAt / 1000),
          },
          { clientName: String(body.clientName ?? '') },
        );
      }
      case 'POST /device_authorization': {
        const body = await json();
        const owner = client(body.clientId, body.clientSecret);
        if (body.startUrl !== options.startUrl) {
          throw new Refusal(400, 'InvalidRequestException', 'invalid_request', 'Invalid start URL');
        }
        const deviceCode = base64url(48);
        const userCode = userCodeNow();
        devices.set(deviceCode, {
          clientId: body.clientId as string,
          userCode,
          expiresAt: Date.now() + deviceSeconds * 1000,
        });
        return ok(
          'StartDeviceAuthorization',
          {
            deviceCode,
            userCode,
            verificationUri: `${endpoint}/device`,
            verificationUriComplete: `${endpoint}/device?user_code=${userCode}`,
            expiresIn: deviceSeconds,
            interval,
          },
          { clientName: owner.name },
        );
      }
      case 'POST /token': {
        const body = await json();
        return ok('CreateToken', createToken(body), { grantType: String(body.grantType) });
      }
      case 'GET /authorize':
        return html('Authorize', authorizePage(url));
      case 'POST /authorize/decide': {
        const location = decideAuthorize(new URLSearchParams(await readBody(req)));
        return {
          status: 302,
          type: 'text/plain',
          body: '',
          location,
          call: { operation: 'AuthorizeDecision', status: 302 },
        };
      }
      case 'GET /device': {
        const userCode = url.searchParams.get('user_code') ?? '';
        deviceFor(userCode);
        return html(
          'DevicePage',
          formPage(
            'Authorize request',
            `Confirm that this code matches the one shown in the app: ${escapeHtml(userCode)}`,
            '/device/decide',
            {
              user_code: userCode,
            },
          ),
        );
      }
      case 'POST /device/decide': {
        const form = new URLSearchParams(await readBody(req));
        const device = deviceFor(form.get('user_code') ?? '');
        device.decision = form.get('decision') === 'allow' ? 'allow' : 'deny';
        return html('DeviceDecision', plainPage('Request approved', 'You can close this window.'));
      }
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
        secrets.push(c.secretAccessKey, c.sessionToken);
        return ok(
          'GetRoleCredentials',
          {
            roleCredentials: {
              accessKeyId: c.accessKeyId,
              secretAccessKey: c.secretAccessKey,
              sessionToken: c.sessionToken,
              expiration: c.expiration.getTime(),
            },
          },
          { accountId, roleName },
        );
      }
      case 'POST /logout': {
        const token = bearer(req);
        const issued = accessTokens.get(token);
        accessTokens.delete(token);
        // Logging out ends the portal session: its refresh tokens go too.
        for (const [refresh, held] of refreshTokens)
          if (held.clientId === issued?.clientId) refreshTokens.delete(refresh);
        return ok('Logout', {});
      }
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

  /** What a browser does with the page: load it, submit its form, follow the redirect home. */
  const decide = async (url: string, decision: 'allow' | 'deny'): Promise<void> => {
    const shown = await fetch(url);
    const text = await shown.text();
    if (!shown.ok) throw new Error(`the sign-in page answered ${shown.status}: ${text}`);
    const action = /<form method="post" action="([^"]+)">/.exec(text)?.[1];
    if (!action) throw new Error('the sign-in page has no form');
    const fields = new URLSearchParams();
    for (const m of text.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) {
      fields.set(
        m[1] ?? '',
        (m[2] ?? '')
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&'),
      );
    }
    fields.set('decision', decision);
    const submitted = await fetch(new URL(action, url), { method: 'POST', body: fields, redirect: 'manual' });
    if (submitted.status === 302) {
      const back = await fetch(submitted.headers.get('location') ?? '');
      if (!back.ok) throw new Error(`the app's redirect page answered ${back.status}`);
      await back.text();
    } else if (!submitted.ok) {
      throw new Error(`submitting the sign-in page answered ${submitted.status}: ${await submitted.text()}`);
    }
  };

  return {
    endpoint,
    startUrl: options.startUrl,
    region: options.region,
    approve: (url) => decide(url, 'allow'),
    deny: (url) => decide(url, 'deny'),
    endSessions: () => {
      epoch++;
    },
    slowDownNext: (count) => {
      slowDowns = count;
    },
    calls: () => [...calls],
    secretsSeen: () => [...secrets],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
