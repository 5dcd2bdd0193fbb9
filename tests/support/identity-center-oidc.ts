// The sso-oidc half of the Identity Center stand-in: client registrations, device codes,
// authorization codes with PKCE, and the access and refresh tokens they turn into. The server
// (identity-center.ts) routes requests here; the portal asks `holder()` who a token is.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { formPage, plainPage } from './identity-center-pages';

/** An answer AWS gives as an error: HTTP status, x-amzn-ErrorType, and the OAuth error code if any. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly oauthError: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OidcOptions {
  readonly startUrl: string;
  readonly accessTokenSeconds: number;
  readonly registrationSeconds: number;
  readonly pollInterval: number;
  readonly deviceCodeSeconds: number;
  /** The stand-in's own address, for the verification pages it hands out. */
  readonly endpoint: () => string;
}

type Body = Record<string, unknown>;
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

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export class OidcStandIn {
  readonly #options: OidcOptions;
  readonly #clients = new Map<string, Client>();
  readonly #devices = new Map<string, Device>();
  readonly #authRequests = new Map<string, AuthRequest>();
  readonly #grants = new Map<string, Grant>();
  readonly #accessTokens = new Map<string, IssuedToken>();
  readonly #refreshTokens = new Map<string, IssuedToken>();
  /** Every token and client secret handed out, for leak scans. */
  readonly secrets: string[] = [];
  /** Bumped by `endSessions`: tokens of an older epoch are refused. */
  #epoch = 0;
  #slowDowns = 0;

  constructor(options: OidcOptions) {
    this.#options = options;
  }

  endSessions(): void {
    this.#epoch++;
  }

  slowDownNext(count: number): void {
    this.#slowDowns = count;
  }

  /** RegisterClient: a public client, its scopes, grants and redirect URIs. */
  register(body: Body): Body {
    const clientId = base64url(16);
    const secret = newClientSecret();
    this.secrets.push(secret);
    const expiresAt = Date.now() + this.#options.registrationSeconds * 1000;
    this.#clients.set(clientId, {
      name: String(body.clientName ?? ''),
      secret,
      scopes: strings(body.scopes),
      grantTypes: strings(body.grantTypes),
      redirectUris: strings(body.redirectUris),
      expiresAt,
    });
    return {
      clientId,
      clientSecret: secret,
      clientIdIssuedAt: Math.floor(Date.now() / 1000),
      clientSecretExpiresAt: Math.floor(expiresAt / 1000),
    };
  }

  /** StartDeviceAuthorization: a device code, and the page where the user confirms its user code. */
  startDevice(body: Body): Body {
    this.#client(body.clientId, body.clientSecret);
    if (body.startUrl !== this.#options.startUrl) {
      throw new Refusal(400, 'InvalidRequestException', 'invalid_request', 'Invalid start URL');
    }
    const deviceCode = base64url(48);
    const userCode = userCodeNow();
    const seconds = this.#options.deviceCodeSeconds;
    this.#devices.set(deviceCode, {
      clientId: String(body.clientId),
      userCode,
      expiresAt: Date.now() + seconds * 1000,
    });
    return {
      deviceCode,
      userCode,
      verificationUri: `${this.#options.endpoint()}/device`,
      verificationUriComplete: `${this.#options.endpoint()}/device?user_code=${userCode}`,
      expiresIn: seconds,
      interval: this.#options.pollInterval,
    };
  }

  /** CreateToken for the device code, authorization code (with PKCE) and refresh token grants. */
  createToken(body: Body): Body {
    const owner = this.#client(body.clientId, body.clientSecret);
    const clientId = String(body.clientId);
    if (body.grantType === DEVICE_CODE_GRANT) {
      const device = this.#devices.get(String(body.deviceCode));
      if (!device || device.clientId !== clientId || device.used) {
        throw new Refusal(400, 'InvalidGrantException', 'invalid_grant', 'Invalid device code provided');
      }
      if (device.expiresAt <= Date.now()) {
        throw new Refusal(400, 'ExpiredTokenException', 'expired_token', 'Device code has expired');
      }
      if (this.#slowDowns > 0) {
        this.#slowDowns--;
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
      return this.#issue(clientId, owner);
    }
    if (body.grantType === 'authorization_code') {
      const grant = this.#grants.get(String(body.code));
      const challenge = createHash('sha256')
        .update(String(body.codeVerifier ?? ''))
        .digest('base64url');
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
      return this.#issue(clientId, owner);
    }
    if (body.grantType === 'refresh_token') {
      const held = this.#refreshTokens.get(String(body.refreshToken));
      if (!held || held.clientId !== clientId || held.epoch !== this.#epoch) {
        throw new Refusal(400, 'InvalidGrantException', 'invalid_grant', 'Invalid refresh token provided');
      }
      return { ...this.#newAccessToken(clientId), refreshToken: body.refreshToken };
    }
    throw new Refusal(
      400,
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
      'Unsupported grant type',
    );
  }

  /** The authorize page: a registered client, PKCE with S256, a loopback redirect on any port. */
  authorizePage(url: URL): string {
    const clientId = url.searchParams.get('client_id') ?? '';
    const found = this.#clients.get(clientId);
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
    this.#authRequests.set(request, {
      clientId,
      redirectUri,
      state: url.searchParams.get('state') ?? '',
      challenge: url.searchParams.get('code_challenge') ?? '',
    });
    return formPage(
      'Allow access to your data?',
      `${found.name} asks to access AWS accounts through ${this.#options.startUrl}.`,
      '/authorize/decide',
      { request },
    );
  }

  /** The user's answer on the authorize page: where the browser is redirected (code, or error). */
  decideAuthorize(form: URLSearchParams): string {
    const id = form.get('request') ?? '';
    const request = this.#authRequests.get(id);
    if (!request) throw new Refusal(400, 'InvalidRequestException', 'invalid_request', 'Unknown request');
    this.#authRequests.delete(id);
    const target = new URL(request.redirectUri);
    target.searchParams.set('state', request.state);
    if (form.get('decision') === 'allow') {
      const code = base64url(32);
      this.#grants.set(code, {
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
  }

  devicePage(userCode: string): string {
    this.#device(userCode);
    return formPage(
      'Authorize request',
      `Confirm that this code matches the one shown in the app: ${userCode}`,
      '/device/decide',
      { user_code: userCode },
    );
  }

  decideDevice(form: URLSearchParams): string {
    this.#device(form.get('user_code') ?? '').decision = form.get('decision') === 'allow' ? 'allow' : 'deny';
    return plainPage('Request approved', 'You can close this window.');
  }

  /** The portal's check of `x-amz-sso_bearer_token`: a live token of the current epoch. */
  holder(token: string | undefined): string {
    const issued = token ? this.#accessTokens.get(token) : undefined;
    if (!issued || issued.epoch !== this.#epoch || issued.expiresAt <= Date.now()) {
      throw new Refusal(401, 'UnauthorizedException', '', 'Session token not found or invalid');
    }
    return issued.clientId;
  }

  /** Logout ends the portal session: this access token and its client's refresh tokens. */
  logout(token: string): void {
    const clientId = this.holder(token);
    this.#accessTokens.delete(token);
    for (const [refresh, held] of this.#refreshTokens)
      if (held.clientId === clientId) this.#refreshTokens.delete(refresh);
  }

  #client(clientId: unknown, clientSecret: unknown): Client {
    const found = typeof clientId === 'string' ? this.#clients.get(clientId) : undefined;
    if (!found || found.secret !== clientSecret) {
      throw new Refusal(401, 'InvalidClientException', 'invalid_client', 'Invalid client');
    }
    if (found.expiresAt <= Date.now()) {
      throw new Refusal(401, 'InvalidClientException', 'invalid_client', 'Client registration has expired');
    }
    return found;
  }

  #device(userCode: string): Device {
    for (const device of this.#devices.values())
      if (device.userCode === userCode && !device.used) return device;
    throw new Refusal(400, 'InvalidRequestException', 'invalid_request', 'Unknown or used code');
  }

  #newAccessToken(clientId: string): Body {
    const accessToken = newAccessToken();
    const seconds = this.#options.accessTokenSeconds;
    this.#accessTokens.set(accessToken, {
      clientId,
      epoch: this.#epoch,
      expiresAt: Date.now() + seconds * 1000,
    });
    this.secrets.push(accessToken);
    return { accessToken, tokenType: 'Bearer', expiresIn: seconds };
  }

  #issue(clientId: string, owner: Client): Body {
    // Refresh tokens go to clients that asked for the grant or named scopes, as AWS does.
    const refreshable = owner.grantTypes.includes('refresh_token') || owner.scopes.length > 0;
    if (!refreshable) return this.#newAccessToken(clientId);
    const refreshToken = newRefreshToken();
    this.#refreshTokens.set(refreshToken, {
      clientId,
      epoch: this.#epoch,
      expiresAt: Number.POSITIVE_INFINITY,
    });
    this.secrets.push(refreshToken);
    return { ...this.#newAccessToken(clientId), refreshToken };
  }
}
