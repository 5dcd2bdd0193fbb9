// The job's statements: who applies what, least privilege, and KMS when a bucket has its own key.
import { describe, expect, it } from 'vitest';
import { principalOf } from '../../../src/main/access/principals';
import { type JobAccessInput, jobRoleName, jobStatements } from '../../../src/main/batch/job-policies';

const input = (overrides: Partial<JobAccessInput> = {}): JobAccessInput => ({
  creator: principalOf('arn:aws:sts::111111111111:assumed-role/ops-admin/alice'),
  roleArn: 'arn:aws:iam::111111111111:role/crossbucket-batch-src-to-dst',
  region: 'eu-west-1',
  source: { bucket: 'src', owner: '111111111111', prefix: 'data/', withVersions: false },
  target: { bucket: 'dst', owner: '222222222222', keyPrefix: 'backup/' },
  manifest: { bucket: 'ops', key: 'batch/crossbucket-batch-*' },
  report: { bucket: 'ops', prefix: 'batch/reports' },
  care: { ownerFullControl: false, tags: 'keep' },
  ...overrides,
});

const byId = (i: JobAccessInput) => Object.fromEntries(jobStatements(i).map((s) => [s.id, s]));

describe('job statements', () => {
  it('asks the target account for a bucket policy when the job runs in the source account', () => {
    const s = byId(input());
    expect(Object.keys(s).sort()).toEqual([
      'job-creator',
      'role-permissions',
      'role-trust',
      'target-bucket-policy',
    ]);
    expect(s['target-bucket-policy']?.account).toBe('222222222222');
    const policy = JSON.parse(s['target-bucket-policy']!.json);
    expect(policy.Statement[0]).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::111111111111:role/crossbucket-batch-src-to-dst' },
      Action: ['s3:PutObject', 's3:PutObjectTagging'],
      Resource: 'arn:aws:s3:::dst/backup/*',
    });
  });

  it('asks for s3:PutObjectAcl only when copies carry an ACL, and the tagging actions only when tags are kept', () => {
    const actionsOf = (i: JobAccessInput, id: string) =>
      JSON.parse(byId(i)[id]!.json).Statement[0].Action as string[] | string;
    const owned = input({ care: { ownerFullControl: true, tags: 'drop' } });
    expect(actionsOf(owned, 'target-bucket-policy')).toEqual(['s3:PutObject', 's3:PutObjectAcl']);
    const role = JSON.parse(byId(owned)['role-permissions']!.json).Statement;
    expect(JSON.stringify(role)).not.toContain('Tagging');
    expect(role[0]).toMatchObject({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::src/data/*' });
    const versioned = input({
      source: { bucket: 'src', owner: '111111111111', prefix: 'data/', withVersions: true },
    });
    expect(JSON.parse(byId(versioned)['role-permissions']!.json).Statement[0].Action).toEqual([
      's3:GetObject',
      's3:GetObjectTagging',
      's3:GetObjectVersion',
      's3:GetObjectVersionTagging',
    ]);
  });

  it('lists first who may create the job: CreateJob, and PassRole of this role to Batch Operations only', () => {
    const [first] = jobStatements(input());
    expect(first).toMatchObject({ id: 'job-creator', account: '111111111111', target: 'role ops-admin' });
    expect(first?.howToApply).toContain('put-role-policy --role-name ops-admin');
    expect(JSON.parse(first!.json).Statement).toEqual([
      expect.objectContaining({ Action: 's3:CreateJob', Resource: '*' }),
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::111111111111:role/crossbucket-batch-src-to-dst',
        Condition: { StringEquals: { 'iam:PassedToService': 'batchoperations.s3.amazonaws.com' } },
      }),
    ]);
    // The root user may create jobs already; no statement is asked of it.
    const root = jobStatements(input({ creator: principalOf('arn:aws:iam::111111111111:root') }));
    expect(root.map((s) => s.id)).not.toContain('job-creator');
  });

  it('grants the role exactly the source folder, the target folder, the manifests and the report folder', () => {
    const doc = JSON.parse(byId(input())['role-permissions']!.json);
    const resources = doc.Statement.flatMap((st: { Resource: string | string[] }) => [st.Resource].flat());
    expect(resources.sort()).toEqual(
      [
        'arn:aws:s3:::src/data/*',
        'arn:aws:s3:::dst/backup/*',
        'arn:aws:s3:::ops/batch/crossbucket-batch-*',
        'arn:aws:s3:::ops/batch/reports*',
        'arn:aws:s3:::ops',
      ].sort(),
    );
    const trust = JSON.parse(byId(input())['role-trust']!.json);
    expect(trust.Statement[0].Principal).toEqual({ Service: 'batchoperations.s3.amazonaws.com' });
    expect(trust.Statement[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111111111111' } });
  });

  it('adds KMS statements in each key’s account when a bucket encrypts with its own key', () => {
    const sourceKey = 'arn:aws:kms:eu-west-1:111111111111:key/src-key';
    const targetKey = 'arn:aws:kms:eu-west-1:222222222222:key/dst-key';
    const s = byId(
      input({
        source: {
          bucket: 'src',
          owner: '111111111111',
          prefix: 'data/',
          withVersions: true,
          kmsKeyArn: sourceKey,
        },
        target: { bucket: 'dst', owner: '222222222222', keyPrefix: 'backup/', kmsKeyArn: targetKey },
      }),
    );
    expect(s['source-kms-key']?.account).toBe('111111111111');
    expect(s['target-kms-key']?.account).toBe('222222222222');
    expect(JSON.parse(s['target-kms-key']!.json).Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    const role = s['role-permissions']!.json;
    expect(role).toContain(sourceKey);
    expect(role).toContain(targetKey);
    expect(role).toContain('s3:GetObjectVersion');
  });

  it('names one role per bucket pair, within IAM’s 64 characters', () => {
    expect(jobRoleName('a', 'b')).toBe('crossbucket-batch-a-to-b');
    const long = jobRoleName('x'.repeat(63), 'y'.repeat(63));
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toBe(jobRoleName('x'.repeat(63), 'y'.repeat(63)));
    expect(long).not.toBe(jobRoleName('x'.repeat(63), 'z'.repeat(63)));
  });
});
