// Builds a multi-account AWS world inside a private moto server, plus AWS config/credentials files
// pointing at it, exactly as a user of a custom endpoint would configure the CLI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { type AccessGuard, startAccessGuard } from './access-guard';
import type { IdentityCenter } from './identity-center';
import {
  type IdentityCenterSpec,
  reservedRoleArn,
  reservedRoleTrust,
  startWorldIdentityCenter,
} from './identity-center-world';
import { type MotoServer, startMoto } from './moto';
import { allow, type PolicyDocument, policy } from './policies';
import { seedKeys } from './seed-keys';
import { type StsGuard, startStsGuard } from './sts-guard';

export interface UserSpec {
  /** Inline policies, named `<user>-inline-<n>`. */
  policies?: PolicyDocument[];
  /** Create a virtual MFA device named after the user and enable it. */
  mfa?: boolean;
}

export interface RoleSpec {
  trust: PolicyDocument;
  /** Inline policies, named `<role>-inline-<n>`. */
  policies?: PolicyDocument[];
  maxSessionDuration?: number;
}

/** A string is the object's content; `{ size }` gets `generatedContent(key, size)`. */
export type ObjectSpec = string | { size: number };

export interface BucketSpec {
  region?: string;
  versioning?: boolean;
  objects?: Record<string, ObjectSpec>;
  /** `count` one-byte objects named `<prefix><zero-padded index>` (e.g. `bulk/000042`). */
  manyKeys?: { prefix: string; count: number };
  /** The bucket policy, put after the bucket is made. */
  policy?: PolicyDocument;
}

export interface AccountSpec {
  users?: Record<string, UserSpec>;
  roles?: Record<string, RoleSpec>;
  buckets?: Record<string, BucketSpec>;
}

/** Setting values; `null` omits the key (use `endpoint_url: null` to leave the endpoint out). */
export type IniSection = Record<string, string | number | null>;

export interface WorldSpec {
  /** Keyed by 12-digit account ID. */
  accounts: Record<string, AccountSpec>;
  /** Config-file profiles (`default` becomes `[default]`). `endpoint_url` defaults to moto's. */
  profiles?: Record<string, IniSection>;
  /** Extra credentials-file sections, besides the one written per user. */
  credentials?: Record<string, IniSection>;
  /**
   * Put `sts-guard` in front of moto and point the profiles at it, so AssumeRole meets the trust
   * policies (trusted account, ExternalId, MFA and the MFA code) as on AWS.
   */
  guardSts?: boolean;
  /**
   * Put `access-guard` in front (of sts-guard when set, else of moto) and point the profiles at
   * it, so S3 requests meet bucket policies, SCPs and AWS's AccessDenied wordings as on AWS.
   * sts-guard then reads trust policies live, so a test may change them while it runs.
   */
  guardAccess?: {
    /** Organization id of each account: enriched denials inside one, "Access Denied" across. */
    organizations?: Record<string, string>;
    scps?: Record<string, PolicyDocument[]>;
    /** Also judge s3:PutObjectAcl / s3:PutObjectTagging for the ACL and tags a write carries (AccessGuardOptions). */
    headerActions?: boolean;
  };
  /**
   * An IAM Identity Center stand-in (tests/support/identity-center.ts) over these accounts. The
   * world's env then points AWS_ENDPOINT_URL_SSO(_OIDC) at it and AWS_ENDPOINT_URL at the world.
   */
  identityCenter?: IdentityCenterSpec;
  /** `[sso-session name]` sections of the config file. */
  ssoSessions?: Record<string, IniSection>;
}

export interface WorldUser {
  account: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial?: string;
}

export interface World {
  moto: MotoServer;
  /** What the profiles' endpoint_url points at: the guard's URL with `guardSts`, else moto's. */
  endpoint: string;
  dir: string;
  configFile: string;
  credentialsFile: string;
  env: {
    AWS_CONFIG_FILE: string;
    AWS_SHARED_CREDENTIALS_FILE: string;
    AWS_ENDPOINT_URL?: string;
    AWS_ENDPOINT_URL_SSO?: string;
    AWS_ENDPOINT_URL_SSO_OIDC?: string;
  };
  identityCenter?: IdentityCenter;
  /** Users by name (names are unique across accounts). */
  users: Record<string, WorldUser>;
  /** The device's current code (moto accepts any six digits; with `guardSts` only this one passes). */
  mfaCode(serial: string): string;
  /** With `guardAccess`: the guard, whose `denials` list every refusal it answered. */
  accessGuard?: AccessGuard;
  /** Administrator clients of an account, for set-up tweaks and assertions. */
  s3For(account: string, region?: string): S3Client;
  iamFor(account: string): IAMClient;
  stsFor(account: string): STSClient;
  /** KMS of an account (keys for SSE-KMS; the access guard reads their key policies). */
  kmsFor(account: string): KMSClient;
  /** Every access key id and secret the world created (users and admins), for leak scans. */
  secretsSeen(): string[];
  dispose(): Promise<void>;
}

const ADMIN_USER = 'crossbucket-test-admin';
const adminArn = (account: string): string => `arn:aws:iam::${account}:user/${ADMIN_USER}`;
const DEFAULT_REGION = 'us-east-1';
/** moto serves S3 from one Python thread at ~2.4 ms a request; more parallelism does not help. */
const BULK_CONCURRENCY = 8;
/** Set-up requests per account made before auth is enforced: CreateUser, PutUserPolicy, CreateAccessKey. */
const BOOTSTRAP_REQUESTS_PER_ACCOUNT = 3;

export function mfaSerialArn(account: string, user: string): string {
  return `arn:aws:iam::${account}:mfa/${user}`;
}

/** Deterministic content for `{ size }` objects, so tests can check downloads byte for byte. */
export function generatedContent(key: string, size: number): Buffer {
  const unit = Buffer.from(`${key}\n`);
  const out = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += unit.length) unit.copy(out, offset);
  return out;
}

export function bulkKey(prefix: string, index: number, count: number): string {
  return `${prefix}${String(index).padStart(String(count - 1).length, '0')}`;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export async function createWorld(spec: WorldSpec): Promise<World> {
  const accounts = Object.keys(spec.accounts);
  for (const account of accounts) {
    if (!/^\d{12}$/.test(account)) throw new Error(`account id must be 12 digits: ${account}`);
  }
  const bulkSeeding = Object.values(spec.accounts).some((a) =>
    Object.values(a.buckets ?? {}).some((b) => b.manyKeys !== undefined),
  );
  const moto = await startMoto({
    noAuthActions: accounts.length * BOOTSTRAP_REQUESTS_PER_ACCOUNT,
    bulkSeeding,
  });
  const clients: { destroy(): void }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'crossbucket-world-'));
  let guard: StsGuard | undefined;
  let accessGuard: AccessGuard | undefined;
  let identityCenter: IdentityCenter | undefined;
  const dispose = async (): Promise<void> => {
    for (const client of clients) client.destroy();
    await identityCenter?.close();
    await accessGuard?.close();
    await guard?.close();
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // Set-up traffic is not what tests want to assert on, and bulk bodies would bloat the log.
    await moto.setRecording(false);
    const admins = new Map<string, Credentials>();
    for (const account of accounts) admins.set(account, await bootstrapAdmin(moto.endpoint, account));
    // Guarantees enforcement even if an SDK retry made the bootstrap count come out differently.
    await moto.setNoAuthActions(0);

    const adminOf = (account: string): Credentials => {
      const creds = admins.get(account);
      if (!creds) throw new Error(`account ${account} is not in this world`);
      return creds;
    };
    // With auth enforced moto takes the account from the signing key, so no x-moto-account-id needed.
    const iamFor = (account: string): IAMClient =>
      track(clients, new IAMClient(clientConfig(moto.endpoint, DEFAULT_REGION, adminOf(account))));
    const stsFor = (account: string): STSClient =>
      track(clients, new STSClient(clientConfig(moto.endpoint, DEFAULT_REGION, adminOf(account))));
    const kmsFor = (account: string): KMSClient =>
      track(clients, new KMSClient(clientConfig(moto.endpoint, DEFAULT_REGION, adminOf(account))));
    const s3For = (account: string, region = DEFAULT_REGION): S3Client =>
      track(
        clients,
        new S3Client({ ...clientConfig(moto.endpoint, region, adminOf(account)), forcePathStyle: true }),
      );

    const users: Record<string, WorldUser> = {};
    for (const [account, accountSpec] of Object.entries(spec.accounts)) {
      const iam = iamFor(account);
      for (const [name, userSpec] of Object.entries(accountSpec.users ?? {})) {
        if (users[name]) throw new Error(`user name ${name} is used in two accounts`);
        users[name] = await createUser(iam, account, name, userSpec);
      }
      for (const [name, roleSpec] of Object.entries(accountSpec.roles ?? {})) {
        await createRole(iam, name, roleSpec);
      }
      for (const [bucket, bucketSpec] of Object.entries(accountSpec.buckets ?? {})) {
        const s3 = s3For(account, bucketSpec.region ?? DEFAULT_REGION);
        await createBucket(s3, bucket, bucketSpec);
        await withAuthLifted(moto, async () => {
          await putObjects(s3, bucket, bucketSpec.objects ?? {});
          if (bucketSpec.manyKeys) {
            await putManyKeys(moto, bucket, bucketSpec.manyKeys.prefix, bucketSpec.manyKeys.count);
          }
        });
      }
    }

    const mfaCode = (): string => '123456';
    const callers: Record<string, string> = Object.fromEntries([
      ...Object.values(users).map((u) => [u.accessKeyId, u.arn]),
      ...[...admins].map(([account, c]) => [c.accessKeyId, adminArn(account)]),
    ]);
    // The guards read policies on every request: one administrator client per account will do.
    const memo = <T>(make: (account: string) => T) => {
      const made = new Map<string, T>();
      return (account: string): T => made.get(account) ?? made.set(account, make(account)).get(account)!;
    };
    const guardIam = memo(iamFor);
    const guardS3 = memo((account) => s3For(account));
    if (spec.guardSts) {
      guard = await startStsGuard({
        upstream: moto.endpoint,
        trust: spec.guardAccess
          ? async (roleArn) =>
              admins.has(roleArn.split(':')[4] ?? '') ? currentTrust(guardIam, roleArn) : undefined
          : trustPolicies(spec),
        callers,
        mfaCode: (serial) =>
          Object.values(users).some((u) => u.mfaSerial === serial) ? mfaCode() : undefined,
      });
    }
    if (spec.guardAccess) {
      const owners = new Map(
        Object.entries(spec.accounts).flatMap(([account, a]) =>
          Object.keys(a.buckets ?? {}).map((bucket) => [bucket, account] as const),
        ),
      );
      accessGuard = await startAccessGuard({
        upstream: guard?.endpoint ?? moto.endpoint,
        callers,
        admins: new Set([...admins.values()].map((c) => c.accessKeyId)),
        ownerOf: (bucket) => owners.get(bucket),
        iamFor: guardIam,
        s3For: guardS3,
        kmsFor: memo(kmsFor),
        ...spec.guardAccess,
      });
    }
    const endpoint = accessGuard?.endpoint ?? guard?.endpoint ?? moto.endpoint;
    if (spec.identityCenter) {
      identityCenter = await startWorldIdentityCenter(spec.identityCenter, {
        minterArn: adminArn,
        iamFor,
        stsFor: (account) =>
          track(clients, new STSClient(clientConfig(endpoint, DEFAULT_REGION, adminOf(account)))),
      });
    }
    const configFile = join(dir, 'config');
    const credentialsFile = join(dir, 'credentials');
    writeFileSync(configFile, renderConfig(spec.profiles ?? {}, endpoint, spec.ssoSessions ?? {}));
    writeFileSync(credentialsFile, renderCredentials(users, spec.credentials ?? {}));

    await moto.clearRecording();
    await moto.setRecording(true);

    const secrets = [...admins.values(), ...Object.values(users)].flatMap((c) => [
      c.accessKeyId,
      c.secretAccessKey,
    ]);
    return {
      moto,
      endpoint,
      dir,
      configFile,
      credentialsFile,
      env: {
        AWS_CONFIG_FILE: configFile,
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
        ...(identityCenter
          ? {
              AWS_ENDPOINT_URL: endpoint,
              AWS_ENDPOINT_URL_SSO: identityCenter.endpoint,
              AWS_ENDPOINT_URL_SSO_OIDC: identityCenter.endpoint,
            }
          : {}),
      },
      ...(identityCenter ? { identityCenter } : {}),
      users,
      mfaCode,
      ...(accessGuard ? { accessGuard } : {}),
      s3For,
      iamFor,
      stsFor,
      kmsFor,
      secretsSeen: () => [...secrets, ...(identityCenter?.secretsSeen() ?? [])],
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function trustPolicies(spec: WorldSpec): Record<string, PolicyDocument> {
  const identityCenterRoles = Object.entries(spec.identityCenter?.accounts ?? {}).flatMap(([account, a]) =>
    Object.keys(a.permissionSets).map((set) => [
      reservedRoleArn(account, set),
      reservedRoleTrust(adminArn(account)),
    ]),
  );
  return Object.fromEntries([
    ...Object.entries(spec.accounts).flatMap(([account, accountSpec]) =>
      Object.entries(accountSpec.roles ?? {}).map(([name, role]) => [
        `arn:aws:iam::${account}:role/${name}`,
        role.trust,
      ]),
    ),
    ...identityCenterRoles,
  ]);
}

/** A role's trust policy as moto holds it now (undefined when the role does not exist). */
async function currentTrust(
  iamFor: (account: string) => IAMClient,
  roleArn: string,
): Promise<PolicyDocument | undefined> {
  const account = roleArn.split(':')[4] ?? '';
  const name = roleArn.split('/').pop() ?? '';
  try {
    const { Role } = await iamFor(account).send(new GetRoleCommand({ RoleName: name }));
    const text = Role?.AssumeRolePolicyDocument;
    if (!text) return undefined;
    // IAM URL-encodes policy documents; moto returns them as stored.
    return JSON.parse(text.trimStart().startsWith('{') ? text : decodeURIComponent(text));
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchEntity') return undefined;
    throw error;
  }
}

function track<T extends { destroy(): void }>(clients: { destroy(): void }[], client: T): T {
  clients.push(client);
  return client;
}

function clientConfig(endpoint: string, region: string, credentials: Credentials) {
  // Explicit endpoint always: the SDK would otherwise read the developer's own AWS config.
  return { endpoint, region, credentials, maxAttempts: 1 };
}

/** Creates the account's admin user while moto still lets unauthenticated requests through. */
async function bootstrapAdmin(endpoint: string, account: string): Promise<Credentials> {
  const iam = new IAMClient(
    clientConfig(endpoint, DEFAULT_REGION, { accessKeyId: 'AKIABOOTSTRAP', secretAccessKey: 'bootstrap' }),
  );
  // Unauthenticated requests carry no key to derive the account from, so name it explicitly.
  iam.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'motoAccountHeader' },
  );
  try {
    await iam.send(new CreateUserCommand({ UserName: ADMIN_USER }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: ADMIN_USER,
        PolicyName: 'administrator',
        PolicyDocument: JSON.stringify(policy(allow('*', '*'))),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: ADMIN_USER }));
    if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error('moto returned no access key');
    return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
  } finally {
    iam.destroy();
  }
}

async function createUser(iam: IAMClient, account: string, name: string, spec: UserSpec): Promise<WorldUser> {
  const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
  for (const [i, document] of (spec.policies ?? []).entries()) {
    await iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: `${name}-inline-${i + 1}`,
        PolicyDocument: JSON.stringify(document),
      }),
    );
  }
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error(`no access key for ${name}`);
  const user: WorldUser = {
    account,
    arn: User?.Arn ?? `arn:aws:iam::${account}:user/${name}`,
    accessKeyId: AccessKey.AccessKeyId,
    secretAccessKey: AccessKey.SecretAccessKey,
  };
  if (spec.mfa) {
    const { VirtualMFADevice } = await iam.send(
      new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }),
    );
    const serial = VirtualMFADevice?.SerialNumber ?? mfaSerialArn(account, name);
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: name,
        SerialNumber: serial,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    user.mfaSerial = serial;
  }
  return user;
}

async function createRole(iam: IAMClient, name: string, spec: RoleSpec): Promise<void> {
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify(spec.trust),
      MaxSessionDuration: spec.maxSessionDuration,
    }),
  );
  for (const [i, document] of (spec.policies ?? []).entries()) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: `${name}-inline-${i + 1}`,
        PolicyDocument: JSON.stringify(document),
      }),
    );
  }
}

async function createBucket(s3: S3Client, bucket: string, spec: BucketSpec): Promise<void> {
  const region = spec.region ?? DEFAULT_REGION;
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      // us-east-1 is the one region that must not be named as a location constraint.
      CreateBucketConfiguration:
        region === DEFAULT_REGION ? undefined : { LocationConstraint: region as BucketLocationConstraint },
    }),
  );
  if (spec.versioning) {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }
  if (spec.policy) {
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(spec.policy) }));
  }
}

async function putObjects(s3: S3Client, bucket: string, spec: Record<string, ObjectSpec>): Promise<void> {
  const objects = Object.entries(spec);
  await runPool(objects.length, BULK_CONCURRENCY, async (i) => {
    const [key, content] = objects[i]!;
    const body = typeof content === 'string' ? content : generatedContent(key, content.size);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  });
}

/**
 * Runs object uploads with moto's auth checks off: skipping signature and policy evaluation makes
 * bulk uploads ~25% faster. Auth is enforced again right after.
 */
async function withAuthLifted(moto: MotoServer, work: () => Promise<void>): Promise<void> {
  await moto.setNoAuthActions(Number.MAX_SAFE_INTEGER);
  try {
    await work();
  } finally {
    await moto.setNoAuthActions(0);
  }
}

/** Generated keys go straight into moto's backend: one request instead of one PUT per key. */
async function putManyKeys(moto: MotoServer, bucket: string, prefix: string, count: number): Promise<void> {
  const keys = Array.from({ length: count }, (_, i) => bulkKey(prefix, i, count));
  await seedKeys(moto, bucket, keys, 'x');
}

async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

function renderSection(header: string, settings: IniSection): string {
  const lines = Object.entries(settings)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key} = ${value}`);
  return [`[${header}]`, ...lines, ''].join('\n');
}

function renderConfig(
  profiles: Record<string, IniSection>,
  endpoint: string,
  ssoSessions: Record<string, IniSection>,
): string {
  return [
    ...Object.entries(profiles).map(([name, settings]) =>
      renderSection(name === 'default' ? 'default' : `profile ${name}`, {
        endpoint_url: endpoint,
        ...settings,
      }),
    ),
    ...Object.entries(ssoSessions).map(([name, settings]) => renderSection(`sso-session ${name}`, settings)),
  ].join('\n');
}

function renderCredentials(users: Record<string, WorldUser>, extra: Record<string, IniSection>): string {
  const sections = Object.entries(users).map(([name, user]) =>
    renderSection(name, { aws_access_key_id: user.accessKeyId, aws_secret_access_key: user.secretAccessKey }),
  );
  for (const [name, settings] of Object.entries(extra)) sections.push(renderSection(name, settings));
  return sections.join('\n');
}
