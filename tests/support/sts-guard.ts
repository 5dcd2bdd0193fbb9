// A reverse proxy in front of moto that evaluates role trust policies on STS AssumeRole.
//
// moto checks the caller's own sts:AssumeRole permission but not the role's trust policy, the
// sts:ExternalId it demands, whether MFA is required, or the MFA code itself. Real AWS does, and
// users meet those refusals. This guard stands in for that one piece of AWS: AssumeRole requests
// are judged against the trust policies the world spec declared and refused with the response AWS
// gives; every other request (the rest of STS, IAM, S3 with streamed bodies) passes through
// byte for byte. Crossbucket talks to it like to any custom endpoint: the product has no test path.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { PolicyDocument, PolicyStatement } from './policies';

export interface StsGuardOptions {
  /** moto's endpoint, e.g. `http://127.0.0.1:5000`. */
  readonly upstream: string;
  /**
   * Trust policy of every role the world created, by role ARN; or a lookup that reads the role's
   * current trust policy, for tests that change it (update-assume-role-policy) while running.
   */
  readonly trust:
    | Readonly<Record<string, PolicyDocument>>
    | ((roleArn: string) => Promise<PolicyDocument | undefined>);
  /** Principal ARN of every long-term access key the world created, by access key id. */
  readonly callers: Readonly<Record<string, string>>;
  /** The code a device accepts right now; undefined for a serial that names no device. */
  readonly mfaCode: (serial: string) => string | undefined;
}

export interface StsGuard {
  /** Where clients should send STS and S3 requests. */
  readonly endpoint: string;
  close(): Promise<void>;
}

interface Denial {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** Condition keys the guard can evaluate; a trust policy using others is a test set-up mistake. */
const SUPPORTED_CONDITIONS: Readonly<Record<string, readonly string[]>> = {
  StringEquals: ['sts:ExternalId'],
  Bool: ['aws:MultiFactorAuthPresent'],
};

export async function startStsGuard(options: StsGuardOptions): Promise<StsGuard> {
  const { trust } = options;
  if (typeof trust !== 'function') {
    for (const [role, document] of Object.entries(trust)) assertSupported(role, document);
  }
  const trustOf = async (roleArn: string): Promise<PolicyDocument | undefined> => {
    if (typeof trust !== 'function') return trust[roleArn];
    const document = await trust(roleArn);
    if (document) assertSupported(roleArn, document);
    return document;
  };
  // Session keys handed out by AssumeRole, learnt from the responses passing through.
  const callers = new Map(Object.entries(options.callers));
  const upstream = new URL(options.upstream);
  const agent = new http.Agent({ keepAlive: true });

  const forward = (req: http.IncomingMessage, body?: Buffer): Promise<http.IncomingMessage> =>
    new Promise((resolve, reject) => {
      // Host stays as the client signed it. `expect` and `connection` are never signed; the guard has
      // already answered 100-continue and manages its own upstream connections.
      const { expect: _expect, connection: _connection, ...headers } = req.headers;
      const out = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        resolve,
      );
      out.on('error', reject);
      if (body) out.end(body);
      else pipeline(req, out).catch(reject);
    });

  const relay = async (res: http.ServerResponse, answer: http.IncomingMessage): Promise<void> => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    await pipeline(answer, res);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!isFormPost(req)) {
      await relay(res, await forward(req));
      return;
    }
    // Query-protocol bodies (STS, IAM) are small form posts: buffering them is harmless.
    const body = await readAll(req);
    const params = new URLSearchParams(body.toString('utf8'));
    if (params.get('Action') !== 'AssumeRole') {
      await relay(res, await forward(req, body));
      return;
    }
    const denial = judge(params, callerOf(req, callers), await trustOf(params.get('RoleArn') ?? ''), options);
    if (denial) {
      sendError(res, denial);
      return;
    }
    const answer = await forward(req, body);
    const xml = await readAll(answer);
    learnSession(xml.toString('utf8'), callers);
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    res.end(xml);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else
        sendError(res, { status: 502, code: 'ServiceUnavailable', message: `sts-guard: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function isFormPost(req: http.IncomingMessage): boolean {
  return (
    req.method === 'POST' &&
    (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
  );
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The principal behind the SigV4 signature, as AWS names it in its denials. */
export function callerOf(
  req: http.IncomingMessage,
  callers: ReadonlyMap<string, string>,
): string | undefined {
  const keyId = /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1];
  return keyId ? callers.get(keyId) : undefined;
}

/** Remembers which assumed-role session a new access key belongs to, so chained calls name it. */
export function learnSession(xml: string, callers: Map<string, string>): void {
  const keyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
  const arn = /<AssumedRoleUser>[\s\S]*?<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1];
  if (keyId && arn) callers.set(keyId, arn);
}

function judge(
  params: URLSearchParams,
  caller: string | undefined,
  trust: PolicyDocument | undefined,
  options: StsGuardOptions,
): Denial | undefined {
  if (!caller) {
    return {
      status: 403,
      code: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
    };
  }
  const serial = params.get('SerialNumber');
  const code = params.get('TokenCode');
  if (serial !== null || code !== null) {
    // A wrong code is refused with its own message, whatever the trust policy says.
    const expected = serial === null ? undefined : options.mfaCode(serial);
    if (expected === undefined || code !== expected) {
      return {
        status: 403,
        code: 'AccessDenied',
        message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
      };
    }
  }
  const roleArn = params.get('RoleArn') ?? '';
  const context: Record<string, string | undefined> = {
    'sts:ExternalId': params.get('ExternalId') ?? undefined,
    'aws:MultiFactorAuthPresent': serial !== null ? 'true' : 'false',
  };
  // A role that does not exist is refused with the same words as one that does not trust you.
  if (trust && allows(trust, caller, context)) return undefined;
  return {
    status: 403,
    code: 'AccessDenied',
    message: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  };
}

/** IAM's rule: some Allow statement matches and no Deny statement does. */
function allows(trust: PolicyDocument, caller: string, context: Record<string, string | undefined>): boolean {
  const matching = trust.Statement.filter(
    (s) =>
      listOf(s.Action).includes('sts:AssumeRole') &&
      principalMatches(s, caller) &&
      conditionsHold(s, context),
  );
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `…:root` trusts the whole account; a role ARN trusts its sessions; a user ARN that user. */
function principalMatches(statement: PolicyStatement, caller: string): boolean {
  const [, , , , callerAccount = '', resource = ''] = caller.split(':');
  return listOf(statement.Principal?.AWS).some((principal) => {
    if (principal === '*' || principal === caller) return true;
    const [, , , , account, name = ''] = principal.split(':');
    if (account !== callerAccount) return false;
    if (name === 'root') return true;
    const role = /^role\/(?:.*\/)?([^/]+)$/.exec(name)?.[1];
    return role !== undefined && resource.startsWith(`assumed-role/${role}/`);
  });
}

function conditionsHold(statement: PolicyStatement, context: Record<string, string | undefined>): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, tests]) =>
    Object.entries(tests).every(([key, wanted]) => {
      const actual = context[key];
      if (actual === undefined) return false;
      const values = listOf(wanted);
      return operator === 'Bool' ? values.some((v) => v.toLowerCase() === actual) : values.includes(actual);
    }),
  );
}

function assertSupported(role: string, document: PolicyDocument): void {
  for (const statement of document.Statement) {
    for (const [operator, tests] of Object.entries(statement.Condition ?? {})) {
      for (const key of Object.keys(tests)) {
        if (!SUPPORTED_CONDITIONS[operator]?.includes(key)) {
          throw new Error(`sts-guard cannot evaluate ${operator} ${key} in the trust policy of ${role}`);
        }
      }
    }
  }
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** STS's query-protocol error document, as the SDK parses it into `name` and `message`. */
function sendError(res: http.ServerResponse, denial: Denial): void {
  const requestId = randomUUID();
  const body = [
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    '  <Error>',
    `    <Type>${denial.status >= 500 ? 'Receiver' : 'Sender'}</Type>`,
    `    <Code>${denial.code}</Code>`,
    `    <Message>${escapeXml(denial.message)}</Message>`,
    '  </Error>',
    `  <RequestId>${requestId}</RequestId>`,
    '</ErrorResponse>',
    '',
  ].join('\n');
  res.writeHead(denial.status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}
