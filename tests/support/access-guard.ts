// A reverse proxy in front of moto (or sts-guard) that authorizes S3 requests the way AWS does.
//
// moto 5.2.1 checks only the caller's identity policy: across accounts it lets a caller read a
// bucket whose owner never granted it (TOOLCHAIN-FACTS.md), and it answers every refusal with a
// bare "Access Denied". This guard evaluates each S3 request of a world user or role session
// with @cloud-copilot/iam-simulate — an independent implementation of IAM's documented
// evaluation logic — over the policies moto holds right now (the caller's inline and managed
// policies, the bucket policy) plus the world's SCPs, and refuses with AWS's wording: the
// enriched "User: … is not authorized to perform: … because no … allows …" inside one account or
// organization, a bare "Access Denied" across organizations, no body for HEAD. It also honours
// `x-amz-expected-bucket-owner`, which moto ignores. For SSE-KMS reads and writes it then judges
// kms:Decrypt / kms:GenerateDataKey the same way, over the caller's identity policies and the
// key's policy as moto holds it (kms-use.ts), and refuses with KMS's wording.
// Allowed requests stream through untouched. `authorize` judges calls it does not carry (the
// Batch Operations stand-in's CreateJob: s3:CreateJob, iam:PassRole) the same way.
// The product talks to it as to any custom endpoint_url.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import { GetBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { getDenialReasons, runSimulation } from '@cloud-copilot/iam-simulate';
import { keyPolicy, kmsUseOf } from './kms-use';
import type { PolicyDocument } from './policies';
import { authorizationFor } from './s3-actions';
import { callerOf, isFormPost, learnSession, readAll } from './sts-guard';

export interface AccessGuardOptions {
  /** moto's endpoint, or sts-guard's in front of it. */
  readonly upstream: string;
  /** Principal ARN of every long-term access key of the world, by access key id. */
  readonly callers: Readonly<Record<string, string>>;
  /** Keys of the world's administrators: their requests are set-up and assertions, not under test. */
  readonly admins: ReadonlySet<string>;
  /** The account that owns a bucket; undefined for buckets the world does not know. */
  readonly ownerOf: (bucket: string) => string | undefined;
  /** Administrator clients that read the policies moto holds (pointed at moto itself). */
  readonly iamFor: (account: string) => IAMClient;
  readonly s3For: (account: string) => S3Client;
  /** Administrator KMS clients, to read key policies; without them SSE-KMS is not judged. */
  readonly kmsFor?: (account: string) => KMSClient;
  /** Organization of each account; accounts of one organization get enriched messages. */
  readonly organizations?: Readonly<Record<string, string>>;
  /** Service control policies that apply to each account (FullAWSAccess is implied). */
  readonly scps?: Readonly<Record<string, readonly PolicyDocument[]>>;
  /**
   * Also judge what AWS asks of a write's headers: s3:PutObjectAcl for an ACL (x-amz-acl,
   * x-amz-grant-*), s3:PutObjectTagging for tags it writes (x-amz-tagging, or a copy's default
   * tagging directive COPY). Off by default: worlds written before it grant neither.
   */
  readonly headerActions?: boolean;
}

/** A call the guard does not carry itself (S3 Control's CreateJob, served by a stand-in). */
export interface CallToJudge {
  /** The request's Authorization header: its access key names the caller. */
  readonly authorization: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
}

export interface AccessGuard {
  readonly endpoint: string;
  /**
   * Judges a call on no bucket by the caller's identity policies (and SCPs), as AWS does for
   * s3:CreateJob and iam:PassRole; refusals get AWS's wording and join `denials`. World
   * administrators are allowed, as on the wire.
   */
  authorize(call: CallToJudge): Promise<Verdict & { readonly principal?: string }>;
  /** Every refusal the guard answered, for assertions. */
  readonly denials: readonly {
    readonly action: string;
    readonly resource: string;
    readonly message: string;
  }[];
  close(): Promise<void>;
}

export interface Verdict {
  readonly allowed: boolean;
  readonly message?: string;
}

const FULL_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

const POLICY_WORDS: Readonly<Record<string, string>> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
  pb: 'a permissions boundary',
  vpce: 'a VPC endpoint policy',
};

const accountOf = (arn: string): string => arn.split(':')[4] ?? '';

/** IAM returns policy documents URL-encoded; moto sometimes does not. */
const documentOf = (text: string | undefined): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(decodeURIComponent(text));
  }
};

async function identityPolicies(
  iam: IAMClient,
  principal: string,
): Promise<{ name: string; policy: unknown }[]> {
  const role = /:assumed-role\/([^/]+)\//.exec(principal)?.[1];
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(principal)?.[1];
  const inline: { name: string; policy: unknown }[] = [];
  let attached: string[] = [];
  if (role) {
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? [];
    for (const name of names) {
      const out = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: name }));
      inline.push({ name, policy: documentOf(out.PolicyDocument) });
    }
    const list = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
    attached = (list.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []));
  } else if (user) {
    const names = (await iam.send(new ListUserPoliciesCommand({ UserName: user }))).PolicyNames ?? [];
    for (const name of names) {
      const out = await iam.send(new GetUserPolicyCommand({ UserName: user, PolicyName: name }));
      inline.push({ name, policy: documentOf(out.PolicyDocument) });
    }
    const list = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: user }));
    attached = (list.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []));
  }
  for (const arn of attached) {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy?.DefaultVersionId ?? 'v1' }),
    );
    inline.push({ name: arn, policy: documentOf(version.PolicyVersion?.Document) });
  }
  return inline;
}

async function bucketPolicy(s3: S3Client, bucket: string): Promise<unknown> {
  try {
    return documentOf((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy);
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchBucketPolicy') return undefined;
    throw error;
  }
}

/** AWS names one policy type: an explicit deny first, else the first policy that did not allow. */
function reasonOf(analysis: Parameters<typeof getDenialReasons>[0], cross: boolean, action: string): string {
  const reasons = getDenialReasons(analysis);
  const explicit = reasons.find((r) => r.denialType === 'Explicit');
  if (explicit) return `with an explicit deny in ${POLICY_WORDS[explicit.policyType] ?? 'a policy'}`;
  const implicit = reasons[0]?.policyType;
  // iam-simulate reports nothing when only the owner's grant is missing across accounts.
  const type = implicit ?? (cross ? 'resource' : 'identity');
  const words = (POLICY_WORDS[type] ?? 'a policy').replace(/^an? /, '');
  return `because no ${words} allows the ${action} action`;
}

/** The actions a PutObject's (or CopyObject's) ACL and tag headers add, as AWS documents them. */
function headerActions(req: http.IncomingMessage, action: string): string[] {
  if (action !== 's3:PutObject') return [];
  const h = req.headers;
  const acl = h['x-amz-acl'] !== undefined || Object.keys(h).some((name) => name.startsWith('x-amz-grant-'));
  const copiesTags = h['x-amz-copy-source'] !== undefined && h['x-amz-tagging-directive'] !== 'REPLACE';
  const tags = (typeof h['x-amz-tagging'] === 'string' && h['x-amz-tagging'] !== '') || copiesTags;
  return [...(acl ? ['s3:PutObjectAcl'] : []), ...(tags ? ['s3:PutObjectTagging'] : [])];
}

export async function startAccessGuard(options: AccessGuardOptions): Promise<AccessGuard> {
  const callers = new Map(Object.entries(options.callers));
  const upstream = new URL(options.upstream);
  const agent = new http.Agent({ keepAlive: true });
  const denials: { action: string; resource: string; message: string }[] = [];

  const sameOrganization = (a: string, b: string): boolean =>
    a === b ||
    (options.organizations?.[a] !== undefined && options.organizations[a] === options.organizations[b]);

  const judge = async (
    principal: string,
    action: string,
    resource: string,
    owner: string,
    context: Record<string, string>,
    resourcePolicy: unknown,
  ): Promise<Verdict> => {
    const caller = accountOf(principal);
    const scps = options.scps?.[caller];
    const result = await runSimulation(
      {
        request: { principal, action, resource: { resource, accountId: owner }, contextVariables: context },
        identityPolicies: await identityPolicies(options.iamFor(caller), principal),
        serviceControlPolicies: scps
          ? [
              {
                orgIdentifier: `ou-${caller}`,
                policies: [FULL_ACCESS, ...scps].map((policy, i) => ({ name: `scp-${i}`, policy })),
              },
            ]
          : [],
        resourceControlPolicies: [],
        resourcePolicy,
      },
      {},
    );
    if (result.resultType === 'error') throw new Error(`access-guard: ${result.errors.message}`);
    if (result.overallResult === 'Allowed') return { allowed: true };
    const analysis = result.resultType === 'single' ? result.result.analysis : result.results[0]?.analysis;
    if (!analysis || !sameOrganization(caller, owner)) return { allowed: false, message: 'Access Denied' };
    // S3 and KMS quote the resource; IAM (iam:PassRole) does not.
    const shownResource = action.startsWith('iam:')
      ? ` on resource: ${resource}`
      : resource.includes('/') || action === 's3:ListBucket' || action.startsWith('kms:')
        ? ` on resource: "${resource}"`
        : '';
    return {
      allowed: false,
      message: `User: ${principal} is not authorized to perform: ${action}${shownResource} ${reasonOf(analysis, caller !== owner, action)}`,
    };
  };

  const verdictFor = async (req: http.IncomingMessage, principal: string): Promise<Verdict> => {
    const auth = authorizationFor(req.method ?? 'GET', new URL(req.url ?? '/', 'http://guard'), req.headers);
    const owner = auth.bucket ? options.ownerOf(auth.bucket) : undefined;
    if (!auth.bucket || !owner) return { allowed: true };
    const expected = req.headers['x-amz-expected-bucket-owner'];
    if (typeof expected === 'string' && expected !== owner)
      return { allowed: false, message: 'Access Denied' };
    const ownerPolicy = await bucketPolicy(options.s3For(owner), auth.bucket);
    const verdict = await judge(principal, auth.action, auth.resource, owner, auth.context, ownerPolicy);
    if (!verdict.allowed) {
      denials.push({ action: auth.action, resource: auth.resource, message: verdict.message ?? '' });
      return verdict;
    }
    const url = new URL(req.url ?? '/', 'http://guard');
    const kms = options.kmsFor
      ? await kmsUseOf(req.method ?? 'GET', url, req.headers, auth, owner, options.s3For(owner))
      : undefined;
    if (kms && options.kmsFor) {
      const keyAccount = accountOf(kms.keyArn);
      const context = {
        'kms:ViaService': `s3.${kms.region}.amazonaws.com`,
        'kms:CallerAccount': accountOf(principal),
      };
      const policy = await keyPolicy(options.kmsFor(keyAccount), kms.keyArn);
      const keyVerdict = await judge(principal, kms.action, kms.keyArn, keyAccount, context, policy);
      if (!keyVerdict.allowed) {
        denials.push({ action: kms.action, resource: kms.keyArn, message: keyVerdict.message ?? '' });
        return keyVerdict;
      }
    }
    for (const action of options.headerActions ? headerActions(req, auth.action) : []) {
      const extra = await judge(principal, action, auth.resource, owner, auth.context, ownerPolicy);
      if (!extra.allowed) {
        denials.push({ action, resource: auth.resource, message: extra.message ?? '' });
        return extra;
      }
    }
    const sourceOwner = auth.source ? options.ownerOf(auth.source.bucket) : undefined;
    if (!auth.source || !sourceOwner) return verdict;
    const sourceArn = `arn:aws:s3:::${auth.source.bucket}/${auth.source.key}`;
    const sourcePolicy = await bucketPolicy(options.s3For(sourceOwner), auth.source.bucket);
    return judge(principal, 's3:GetObject', sourceArn, sourceOwner, {}, sourcePolicy);
  };

  const forward = (req: http.IncomingMessage, body?: Buffer): Promise<http.IncomingMessage> =>
    new Promise((resolve, reject) => {
      const { expect: _expect, connection: _connection, ...headers } = req.headers;
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        resolve,
      );
      out.on('error', reject);
      if (body) out.end(body);
      else pipeline(req, out).catch(reject);
    });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const keyId = /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '');
    const service = keyId?.[2];
    if (isFormPost(req) && service !== 's3') {
      // STS and IAM: learn the session keys AssumeRole hands out, so S3 calls name their role.
      const body = await readAll(req);
      const answer = await forward(req, body);
      const xml = await readAll(answer);
      learnSession(xml.toString('utf8'), callers);
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      res.end(xml);
      return;
    }
    const principal = service === 's3' ? callerOf(req, callers) : undefined;
    if (principal && keyId?.[1] && !options.admins.has(keyId[1])) {
      const verdict = await verdictFor(req, principal);
      if (!verdict.allowed) {
        req.resume();
        sendDenied(res, req.method === 'HEAD', verdict.message ?? 'Access Denied');
        return;
      }
    }
    const answer = await forward(req);
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    await pipeline(answer, res);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`access-guard: ${String(error)}`);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const authorize = async (call: CallToJudge): Promise<Verdict & { principal?: string }> => {
    const keyId = /Credential=([^/,\s]+)\//.exec(call.authorization)?.[1];
    const principal = keyId ? callers.get(keyId) : undefined;
    if (!keyId || !principal)
      return { allowed: false, message: 'The security token included in the request is invalid.' };
    if (options.admins.has(keyId)) return { allowed: true, principal };
    const verdict = await judge(
      principal,
      call.action,
      call.resource,
      accountOf(principal),
      { ...call.context },
      undefined,
    );
    if (!verdict.allowed)
      denials.push({ action: call.action, resource: call.resource, message: verdict.message ?? '' });
    return { ...verdict, principal };
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    authorize,
    denials,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** S3's REST error document; a HEAD response carries none, so the SDK sees only the status. */
function sendDenied(res: http.ServerResponse, head: boolean, message: string): void {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
  const body = head
    ? ''
    : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId><HostId>access-guard</HostId></Error>`;
  res.writeHead(403, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  res.end(body);
}
