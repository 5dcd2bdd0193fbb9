// A stand-in for the AWS federation endpoint (signin.aws.amazon.com/federation), which moto lacks.
//
// It answers `Action=getSigninToken` as AWS does and checks the request the way AWS would: the
// Session parameter is JSON with exactly sessionId, sessionKey and sessionToken; the credentials
// are real where moto can tell (it asks moto who they belong to); SessionDuration is 900–43200 seconds, at most one
// hour for a role session reached by role chaining, and absent for a federation token, whose
// session lasts as long as the token. Refusals answer 400 like AWS. Crossbucket reaches it through
// AWS_ENDPOINT_URL_SIGNIN, as a user of another endpoint would: the product has no test path.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export interface FederationStandInOptions {
  /** moto's endpoint, where the stand-in asks who the presented credentials belong to. */
  readonly upstream: string;
  /** Role ARNs the world reaches only by role chaining (AWS knows; a stand-in is told). */
  readonly chainedRoles: readonly string[];
}

/** One getSigninToken request, as received, and what the stand-in made of it. */
export interface SigninTokenRequest {
  readonly sessionKeys: readonly string[];
  readonly accessKeyId: string;
  readonly sessionDuration?: number;
  /** The caller as moto knows it; undefined for a federation token, which moto cannot authenticate. */
  readonly identityArn?: string;
  /** The token handed out, or why the request was refused. */
  readonly outcome: { readonly token: string } | { readonly refused: string };
}

export interface FederationStandIn {
  /** A base URL, as AWS_ENDPOINT_URL_SIGNIN takes it. */
  readonly url: string;
  readonly requests: readonly SigninTokenRequest[];
  close(): Promise<void>;
}

const ROLE_SESSION = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

async function identify(upstream: string, c: Record<string, string>): Promise<string | undefined> {
  const sts = new STSClient({
    endpoint: upstream,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: {
      accessKeyId: c.sessionId ?? '',
      secretAccessKey: c.sessionKey ?? '',
      sessionToken: c.sessionToken,
    },
  });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
  } catch {
    return undefined;
  } finally {
    sts.destroy();
  }
}

/** What AWS would refuse in this request, or undefined when it would hand out a token. */
function refusal(
  session: Record<string, string>,
  duration: number | undefined,
  identityArn: string | undefined,
  chainedRoles: readonly string[],
): string | undefined {
  const keys = Object.keys(session).sort().join(',');
  if (keys !== 'sessionId,sessionKey,sessionToken')
    return `Session must hold sessionId, sessionKey and sessionToken, not ${keys}`;
  if (duration !== undefined && !(Number.isInteger(duration) && duration >= 900 && duration <= 43_200)) {
    return 'SessionDuration must be 900 to 43200 seconds';
  }
  if (identityArn === undefined) {
    // moto authenticates every key it hands out except GetFederationToken's (it answers with
    // canned credentials), so a key moto does not know is taken for a federation token; the
    // specs check on moto's recording that GetFederationToken was really called.
    if (!session.sessionToken) return 'The credentials are not valid';
    if (duration !== undefined) return 'SessionDuration is not supported for federation token credentials';
    return undefined;
  }
  const role = ROLE_SESSION.exec(identityArn);
  if (!role) return `${identityArn} cannot sign in: only role sessions and federation tokens can`;
  const roleArn = `arn:aws:iam::${role[1]}:role/${role[2]}`;
  if (chainedRoles.includes(roleArn) && duration !== undefined && duration > 3600) {
    return 'SessionDuration exceeds the one hour a role session reached by role chaining may last';
  }
  return undefined;
}

export async function startFederationStandIn(options: FederationStandInOptions): Promise<FederationStandIn> {
  const requests: SigninTokenRequest[] = [];

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (
      req.method !== 'GET' ||
      url.pathname !== '/federation' ||
      url.searchParams.get('Action') !== 'getSigninToken'
    ) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Unsupported request');
      return;
    }
    let session: Record<string, string>;
    try {
      session = JSON.parse(url.searchParams.get('Session') ?? '') as Record<string, string>;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Session is not JSON');
      return;
    }
    const rawDuration = url.searchParams.get('SessionDuration');
    const duration = rawDuration === null ? undefined : Number(rawDuration);
    const identityArn = await identify(options.upstream, session);
    const refused = refusal(session, duration, identityArn, options.chainedRoles);
    const token = randomBytes(24).toString('base64url');
    requests.push({
      sessionKeys: Object.keys(session),
      accessKeyId: session.sessionId ?? '',
      ...(duration !== undefined ? { sessionDuration: duration } : {}),
      ...(identityArn ? { identityArn } : {}),
      outcome: refused ? { refused } : { token },
    });
    if (refused) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(refused);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ SigninToken: token }));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
