// Proves the stand-in behaves like AWS where the suite relies on it: auth enforced, roles scoped
// to their account, policies applied, and AssumeRole parameters visible in the recording.

import { readFileSync } from 'node:fs';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, generatedContent, type World } from '../support/aws-world';
import { assumeRoleCalls, listObjectsCalls } from '../support/moto';
import {
  ACCOUNT,
  BUCKET,
  DEPLOY_DURATION_SECONDS,
  DEV_MFA_SERIAL,
  EXTERNAL_ID,
  PROD_DATA_OBJECTS,
  ROLE_ARN,
  SESSION_NAME,
  standardWorldSpec,
} from '../support/standard-world';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

let world: World;
const clients: { destroy(): void }[] = [];

function sts(creds: Creds): STSClient {
  const client = new STSClient({ endpoint: world.moto.endpoint, region: 'us-east-1', credentials: creds });
  clients.push(client);
  return client;
}

function s3(creds: Creds): S3Client {
  const client = new S3Client({
    endpoint: world.moto.endpoint,
    region: 'us-east-1',
    credentials: creds,
    forcePathStyle: true,
  });
  clients.push(client);
  return client;
}

async function assume(source: Creds, roleArn: string, extra: Partial<AssumeRoleCommand['input']> = {}) {
  const { Credentials } = await sts(source).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: SESSION_NAME, ...extra }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
    throw new Error('AssumeRole returned no credentials');
  }
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
  };
}

const devCreds = (): Creds => world.users.dev!;
const bucketNames = async (creds: Creds) =>
  ((await s3(creds).send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).sort();

beforeAll(async () => {
  world = await createWorld(standardWorldSpec());
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await world?.dispose();
});

describe('authentication is enforced', () => {
  it('rejects an unknown access key on STS and S3', async () => {
    const stranger = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'not-a-secret' };
    await expect(sts(stranger).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
    });
    await expect(s3(stranger).send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
    });
  });

  it('rejects a known key with the wrong secret', async () => {
    const forged = { accessKeyId: devCreds().accessKeyId, secretAccessKey: 'wrong-secret' };
    await expect(s3(forged).send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
  });

  it('denies AssumeRole to a user without sts permission', async () => {
    await expect(
      assume(world.users.nobody!, ROLE_ARN.deploy, { ExternalId: EXTERNAL_ID }),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});

describe('roles', () => {
  it('dev sees its own account and buckets', async () => {
    const identity = await sts(devCreds()).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(ACCOUNT.dev);
    expect(await bucketNames(devCreds())).toEqual([BUCKET.devArtifacts]);
  });

  it('dev assumes deploy in 222222222222 and sees only that account', async () => {
    const deploy = await assume(devCreds(), ROLE_ARN.deploy, { ExternalId: EXTERNAL_ID });
    const identity = await sts(deploy).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(ACCOUNT.prod);
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT.prod}:assumed-role/deploy/${SESSION_NAME}`);
    expect(await bucketNames(deploy)).toEqual([BUCKET.prodData, BUCKET.prodLogs]);
  });

  it('readonly cannot list buckets or delete, but can list and read prod-222-data', async () => {
    const readonly = await assume(devCreds(), ROLE_ARN.readonly);
    await expect(bucketNames(readonly)).rejects.toMatchObject({ name: 'AccessDenied' });
    const page = await s3(readonly).send(new ListObjectsV2Command({ Bucket: BUCKET.prodData }));
    expect((page.Contents ?? []).map((o) => o.Key).sort()).toEqual(Object.keys(PROD_DATA_OBJECTS).sort());
    const logo = await s3(readonly).send(
      new GetObjectCommand({ Bucket: BUCKET.prodData, Key: 'images/logo.png' }),
    );
    const bytes = Buffer.from(await logo.Body!.transformToByteArray());
    expect(bytes.equals(generatedContent('images/logo.png', 2048))).toBe(true);
    await expect(
      s3(readonly).send(new DeleteObjectCommand({ Bucket: BUCKET.prodData, Key: 'README.txt' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(
      s3(readonly).send(new ListObjectsV2Command({ Bucket: BUCKET.prodLogs })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('nolist is denied ListAllMyBuckets but can list its buckets', async () => {
    const nolist = await assume(devCreds(), ROLE_ARN.nolist);
    await expect(bucketNames(nolist)).rejects.toMatchObject({ name: 'AccessDenied' });
    const page = await s3(nolist).send(new ListObjectsV2Command({ Bucket: BUCKET.prodLogs }));
    expect(page.KeyCount).toBe(2);
  });

  it('chains dev -> deploy -> audit with MFA into 333333333333', async () => {
    const deploy = await assume(devCreds(), ROLE_ARN.deploy, { ExternalId: EXTERNAL_ID });
    const audit = await assume(deploy, ROLE_ARN.audit, {
      SerialNumber: DEV_MFA_SERIAL,
      TokenCode: world.mfaCode(DEV_MFA_SERIAL),
    });
    expect((await sts(audit).send(new GetCallerIdentityCommand({}))).Account).toBe(ACCOUNT.audit);
    expect(await bucketNames(audit)).toEqual([BUCKET.auditReports]);
  });
});

describe('recorder', () => {
  it('shows AssumeRole parameters and ListObjectsV2 calls, and can be cleared', async () => {
    await world.moto.clearRecording();
    const deploy = await assume(devCreds(), ROLE_ARN.deploy, {
      ExternalId: EXTERNAL_ID,
      DurationSeconds: DEPLOY_DURATION_SECONDS,
    });
    const audit = await assume(deploy, ROLE_ARN.audit, { SerialNumber: DEV_MFA_SERIAL, TokenCode: '123456' });
    await s3(audit).send(
      new ListObjectsV2Command({ Bucket: BUCKET.auditReports, Prefix: 'findings/', Delimiter: '/' }),
    );

    const recorded = await world.moto.recorded();
    expect(assumeRoleCalls(recorded)).toEqual([
      expect.objectContaining({
        roleArn: ROLE_ARN.deploy,
        roleSessionName: SESSION_NAME,
        externalId: EXTERNAL_ID,
        durationSeconds: DEPLOY_DURATION_SECONDS,
        serialNumber: undefined,
        accessKeyId: devCreds().accessKeyId,
      }),
      expect.objectContaining({
        roleArn: ROLE_ARN.audit,
        serialNumber: DEV_MFA_SERIAL,
        tokenCode: '123456',
        externalId: undefined,
        accessKeyId: deploy.accessKeyId,
      }),
    ]);
    expect(listObjectsCalls(recorded, BUCKET.auditReports)).toEqual([
      expect.objectContaining({ prefix: 'findings/', delimiter: '/', accessKeyId: audit.accessKeyId }),
    ]);
    expect(recorded.find((r) => r.action === 'AssumeRole')?.headers['x-amz-security-token']).toBeUndefined();

    await world.moto.clearRecording();
    expect(await world.moto.recorded()).toEqual([]);
  });
});

describe('generated AWS files', () => {
  it('points every profile at moto and writes user keys to the credentials file', () => {
    const config = readFileSync(world.configFile, 'utf8');
    expect(config).toContain('[profile deploy]');
    expect(config).toContain(`external_id = ${EXTERNAL_ID}`);
    expect(config).toContain(`mfa_serial = ${DEV_MFA_SERIAL}`);
    const profiles = config.split('[').length - 1;
    expect(config.split(`endpoint_url = ${world.moto.endpoint}`).length - 1).toBe(profiles);
    const credentials = readFileSync(world.credentialsFile, 'utf8');
    expect(credentials).toContain(`[dev]\naws_access_key_id = ${devCreds().accessKeyId}\n`);
    expect(world.env.AWS_CONFIG_FILE).toBe(world.configFile);
    expect(world.secretsSeen()).toEqual(
      expect.arrayContaining([devCreds().accessKeyId, devCreds().secretAccessKey]),
    );
  });
});
