// Which account must change what, for each kind of denial, and the least-privilege statement
// each finding hands over. Pure reasoning over the facts main gathers.
import { describe, expect, it } from 'vitest';
import { explainDenial } from '../../../src/main/access/explain-denial';
import type { DenialFacts } from '../../../src/main/access/facts';
import type { PolicyDocument } from '../../../src/main/access/policy-document';
import { parseDenial } from '../../../src/shared/errors/parse-denial';
import type { AccessDenial } from '../../../src/shared/models/access';

const CALLER = 'arn:aws:sts::111111111111:assumed-role/analyst/crossbucket-1';
const ROLE_WITH_PATH = 'arn:aws:iam::111111111111:role/team/analyst';
const OBJECT = 'arn:aws:s3:::share-222/reports/2025/q1.csv';
const KEY = 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const denial = (message: string, action = 's3:GetObject', resource = OBJECT): AccessDenial =>
  parseDenial(message, { action, resource });
const enriched = (context: string, action = 's3:GetObject', resource = OBJECT) =>
  denial(
    `User: ${CALLER} is not authorized to perform: ${action} on resource: "${resource}" ${context}`,
    action,
    resource,
  );

const facts = (over: Partial<DenialFacts> & { denial: AccessDenial }): DenialFacts => ({
  callerArn: CALLER,
  chain: [ROLE_WITH_PATH],
  scopePrefix: 'reports/2025/',
  region: 'us-east-1',
  ...over,
});
const owner = (account: string) => ({ account, how: 'probed' });
const docOf = (json: string) => JSON.parse(json) as PolicyDocument & { Statement: Record<string, unknown>[] };

describe('S3 denials with AWS’s reason', () => {
  it('no identity-based policy, same account: only the caller’s account acts, on the folder only', () => {
    const r = explainDenial(
      facts({
        denial: enriched('because no identity-based policy allows the s3:GetObject action'),
        owner: owner('111111111111'),
      }),
    );
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ side: 'caller', account: '111111111111', certainty: 'certain' });
    const [statement] = r.findings[0]!.statements;
    expect(statement?.shown).toMatchObject({
      kind: 'identity-policy',
      account: '111111111111',
      target: 'role analyst',
    });
    expect(docOf(statement!.shown.json).Statement).toEqual([
      {
        Sid: 'CrossbucketGetObject',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::share-222/reports/2025/*',
      },
    ]);
    expect(statement?.shown.howToApply).toMatch(/^aws iam put-role-policy --role-name analyst /);
    expect(r.headline).toMatch(
      /^Your role analyst \(account 111111111111\) has no policy allowing s3:GetObject/,
    );
  });

  it('no identity-based policy, across accounts: the owner may have to grant as well (AWS names one side)', () => {
    const r = explainDenial(
      facts({
        denial: enriched('because no identity-based policy allows the s3:GetObject action'),
        owner: owner('222222222222'),
      }),
    );
    expect(r.findings.map((f) => [f.side, f.account, f.certainty])).toEqual([
      ['caller', '111111111111', 'certain'],
      ['owner', '222222222222', 'possible'],
    ]);
  });

  it('no resource-based policy: the owner grants the role (its path restored from the profile) in the bucket policy', () => {
    const r = explainDenial(
      facts({
        denial: enriched('because no resource-based policy allows the s3:GetObject action'),
        owner: owner('222222222222'),
      }),
    );
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ side: 'owner', account: '222222222222', certainty: 'certain' });
    const statement = r.findings[0]!.statements[0]!.shown;
    expect(statement).toMatchObject({
      kind: 'bucket-policy',
      account: '222222222222',
      target: 'bucket share-222',
    });
    expect(docOf(statement.json).Statement).toEqual([
      {
        Sid: 'CrossbucketGetObjectForAnalyst',
        Effect: 'Allow',
        Principal: { AWS: ROLE_WITH_PATH },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::share-222/reports/2025/*',
      },
    ]);
  });

  it('merges the grant into a bucket policy main could read, replacing its own earlier grant', () => {
    const existing: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Keep', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::share-222/*' },
        { Sid: 'CrossbucketGetObjectForAnalyst', Effect: 'Allow', Action: 's3:GetObject', Resource: 'old' },
      ],
    };
    const r = explainDenial(
      facts({
        denial: enriched('because no resource-based policy allows the s3:GetObject action'),
        owner: owner('222222222222'),
        bucketPolicy: existing,
      }),
    );
    const statements = docOf(r.findings[0]!.statements[0]!.shown.json).Statement;
    expect(statements.map((s) => [s.Sid, s.Resource])).toEqual([
      ['Keep', 'arn:aws:s3:::share-222/*'],
      ['CrossbucketGetObjectForAnalyst', 'arn:aws:s3:::share-222/reports/2025/*'],
    ]);
  });

  it('an explicit deny is narrowed by whoever owns it: no Allow statement is offered', () => {
    const identity = explainDenial(
      facts({ denial: enriched('with an explicit deny in an identity-based policy') }),
    );
    expect(identity.findings).toEqual([
      expect.objectContaining({ side: 'caller', account: '111111111111', statements: [] }),
    ]);
    const bucket = explainDenial(
      facts({
        denial: enriched('with an explicit deny in a resource-based policy'),
        owner: owner('222222222222'),
      }),
    );
    expect(bucket.findings).toEqual([
      expect.objectContaining({ side: 'owner', account: '222222222222', statements: [] }),
    ]);
  });

  it.each([
    ['with an explicit deny in a service control policy', 'guardrail', /platform team/],
    ['because no service control policy allows the s3:GetObject action', 'guardrail', /platform team/],
    ['with an explicit deny in a resource control policy', 'guardrail', /RCP covers every resource/],
    ['with an explicit deny in a VPC endpoint policy', 'guardrail', /VPC endpoint/],
    ['because no VPC endpoint policy allows the s3:GetObject action', 'guardrail', /VPC endpoint/],
    ['because no permissions boundary allows the s3:GetObject action', 'caller', /permissions boundary caps/],
    ['with an explicit deny in a session policy', 'caller', /session policy/],
  ])('"%s" is a guardrail no statement lifts', (context, side, words) => {
    const r = explainDenial(facts({ denial: enriched(context), owner: owner('222222222222') }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ side, statements: [] });
    expect(r.findings[0]?.text).toMatch(words);
  });

  it('kms:Decrypt refused by the key policy: the key’s account adds one statement, limited to S3’s use', () => {
    const r = explainDenial(
      facts({
        denial: enriched(
          'because no resource-based policy allows the kms:Decrypt action',
          'kms:Decrypt',
          KEY,
        ),
      }),
    );
    expect(r.findings[0]).toMatchObject({ side: 'kms-key', account: '222222222222', certainty: 'certain' });
    const statement = r.findings[0]!.statements[0]!.shown;
    expect(statement.kind).toBe('kms-key-policy');
    // A single statement to add: putting it as the whole key policy would lock out the key's admins.
    expect(JSON.parse(statement.json)).toEqual({
      Sid: 'CrossbucketDecryptForAnalyst',
      Effect: 'Allow',
      Principal: { AWS: ROLE_WITH_PATH },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });
  });
});

describe('S3 denials without a reason ("Access Denied")', () => {
  it('across accounts with an SSE-KMS object: both accounts and the key, each with its statement', () => {
    const r = explainDenial(
      facts({
        denial: denial('Access Denied'),
        owner: owner('222222222222'),
        encryption: { sse: 'aws:kms', keyArn: KEY, how: 'HeadObject' },
      }),
    );
    expect(r.findings.map((f) => [f.side, f.account, f.certainty])).toEqual([
      ['caller', '111111111111', 'possible'],
      ['owner', '222222222222', 'possible'],
      ['kms-key', '222222222222', 'possible'],
    ]);
    // A key in another account needs the caller's own kms:Decrypt too.
    expect(docOf(r.findings[0]!.statements[0]!.shown.json).Statement).toEqual([
      expect.objectContaining({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::share-222/reports/2025/*' }),
      expect.objectContaining({ Action: 'kms:Decrypt', Resource: KEY }),
    ]);
    expect(r.facts.find((f) => f.label === 'Encryption')?.value).toBe(`aws:kms with ${KEY}`);
    expect(r.headline).toBe(
      'AWS gave no reason for refusing s3:GetObject. Each side must allow it; check your account (111111111111), the bucket owner (222222222222) and the KMS key’s account (222222222222).',
    );
  });

  it('in the caller’s own account: the caller’s policy is the likely fix', () => {
    const r = explainDenial(facts({ denial: denial('Access Denied'), owner: owner('111111111111') }));
    expect(r.findings.map((f) => [f.side, f.certainty])).toEqual([['caller', 'likely']]);
  });

  it('owner unknown: says so, and the bucket statement names no account', () => {
    const r = explainDenial(
      facts({
        denial: denial('Access Denied'),
        owner: { how: 'unknown: this session may not list buckets' },
      }),
    );
    const bucket = r.findings.find((f) => f.side === 'owner');
    expect(bucket?.account).toBeUndefined();
    expect(bucket?.text).toMatch(/^The account that owns share-222 must also grant/);
    expect(bucket?.statements[0]?.shown.account).toBeUndefined();
    expect(r.facts.find((f) => f.label === 'Bucket owner')).toEqual({
      label: 'Bucket owner',
      how: 'unknown: this session may not list buckets',
    });
  });

  it('s3:ListAllMyBuckets on "*": no bucket policy can grant it, so only the caller’s account is named', () => {
    const r = explainDenial(
      facts({ denial: denial('Access Denied', 's3:ListAllMyBuckets', '*'), scopePrefix: '' }),
    );
    expect(r.findings.map((f) => f.side)).toEqual(['caller']);
    expect(r.findings[0]?.statements.map((s) => s.shown.kind)).toEqual(['identity-policy']);
    expect(r.headline).toMatch(
      /^Your role analyst \(account 111111111111\) may have no policy allowing s3:ListAllMyBuckets on \*/,
    );
    expect(JSON.stringify(r)).not.toMatch(/bucket policy|the bucket/i);
  });

  it('a refused listing of a folder is granted for that folder with s3:prefix', () => {
    const r = explainDenial(
      facts({
        denial: denial('Access Denied', 's3:ListBucket', 'arn:aws:s3:::share-222'),
        owner: owner('111111111111'),
      }),
    );
    expect(docOf(r.findings[0]!.statements[0]!.shown.json).Statement[0]).toEqual({
      Sid: 'CrossbucketListBucket',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::share-222',
      Condition: { StringLike: { 's3:prefix': ['reports/2025/*'] } },
    });
  });
});

describe('AssumeRole denials', () => {
  const ROLE = 'arn:aws:iam::222222222222:role/deploy';
  const classic = (over: Partial<AccessDenial> = {}): AccessDenial => ({
    ...parseDenial(
      `User: arn:aws:iam::111111111111:user/dev is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
    ),
    assumeRole: { profile: 'deploy', externalIdSent: false, mfaSent: false },
    ...over,
  });

  it('the classic message: trust policy, the caller’s own policy, and what the profile does not send', () => {
    const r = explainDenial({ denial: classic(), chain: [ROLE], step: { roleArn: ROLE } });
    expect(r.findings.map((f) => [f.side, f.account])).toEqual([
      ['trust', '222222222222'],
      ['caller', '111111111111'],
      ['profile', undefined],
    ]);
    expect(r.findings[2]?.text).toMatch(/sends no external_id .* and no mfa_serial/);
    expect(docOf(r.findings[0]!.statements[0]!.shown.json).Statement).toEqual([
      {
        Sid: 'CrossbucketAssumeFromDev',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:user/dev' },
        Action: 'sts:AssumeRole',
      },
    ]);
    expect(docOf(r.findings[1]!.statements[0]!.shown.json).Statement[0]).toMatchObject({
      Action: 'sts:AssumeRole',
      Resource: ROLE,
    });
  });

  it('masks the external ID in what is shown, keeps it whole for the clipboard', () => {
    const r = explainDenial({
      denial: classic({ assumeRole: { profile: 'deploy', externalIdSent: true, mfaSent: true } }),
      chain: [ROLE],
      step: { roleArn: ROLE, externalId: 'ext-secret-42', mfaSerial: 'arn:aws:iam::111111111111:mfa/dev' },
    });
    const trust = r.findings[0]!.statements[0]!;
    expect(trust.shown.json).not.toContain('ext-secret-42');
    expect(trust.shown.yaml).not.toContain('ext-secret-42');
    expect(docOf(trust.full.json).Statement[0]?.Condition).toEqual({
      StringEquals: { 'sts:ExternalId': 'ext-secret-42' },
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
    });
    expect(trust.full.yaml).toContain('"sts:ExternalId": "ext-secret-42"');
    expect(r.findings.some((f) => f.side === 'profile')).toBe(false);
  });

  it('a chained role is trusted as the role, not its session', () => {
    const r = explainDenial({
      denial: {
        ...parseDenial(
          'User: arn:aws:sts::222222222222:assumed-role/deploy/s1 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/audit',
        ),
        assumeRole: { profile: 'audit', externalIdSent: false, mfaSent: true },
      },
      chain: [ROLE, 'arn:aws:iam::333333333333:role/audit'],
    });
    expect(docOf(r.findings[0]!.statements[0]!.shown.json).Statement[0]?.Principal).toEqual({ AWS: ROLE });
  });

  it('enriched: "no role trust policy" is the role account’s alone; "no identity-based policy" the caller’s alone', () => {
    const trust = explainDenial({
      denial: classic({
        form: 'enriched',
        policyType: 'role-trust',
        explicit: false,
      }),
      chain: [],
    });
    expect(trust.findings.map((f) => [f.side, f.certainty])).toEqual([['trust', 'certain']]);
    const identity = explainDenial({
      denial: classic({ form: 'enriched', policyType: 'identity-based', explicit: false }),
      chain: [],
    });
    expect(identity.findings.map((f) => [f.side, f.certainty])).toEqual([['caller', 'certain']]);
  });
});

describe('a call that passes a role to a service (CreateJob)', () => {
  const JOB_ROLE = 'arn:aws:iam::111111111111:role/crossbucket-batch-a-to-b';
  const passedRole = { call: 's3:CreateJob', roleArn: JOB_ROLE, service: 'batchoperations.s3.amazonaws.com' };
  const refused = (message: string) => parseDenial(message, { action: 's3:CreateJob', passedRole });
  const createJobStatement = {
    Action: 's3:CreateJob',
    Resource: '*',
  };
  const passRoleStatement = {
    Action: 'iam:PassRole',
    Resource: JOB_ROLE,
    Condition: { StringEquals: { 'iam:PassedToService': 'batchoperations.s3.amazonaws.com' } },
  };

  it('missing iam:PassRole: the caller’s own account adds CreateJob and PassRole to that service only', () => {
    const r = explainDenial(
      facts({
        denial: refused(
          `User: ${CALLER} is not authorized to perform: iam:PassRole on resource: ${JOB_ROLE} because no identity-based policy allows the iam:PassRole action`,
        ),
      }),
    );
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ side: 'caller', account: '111111111111', certainty: 'certain' });
    expect(r.findings[0]?.text).toContain(`iam:PassRole the role ${JOB_ROLE}`);
    const [statement] = r.findings[0]!.statements;
    expect(statement?.shown).toMatchObject({ kind: 'identity-policy', account: '111111111111' });
    expect(docOf(statement!.shown.json).Statement).toEqual([
      expect.objectContaining(createJobStatement),
      expect.objectContaining(passRoleStatement),
    ]);
  });

  it('missing s3:CreateJob, or no reason at all: the same statement, since the other is checked next', () => {
    for (const message of [
      `User: ${CALLER} is not authorized to perform: s3:CreateJob because no identity-based policy allows the s3:CreateJob action`,
      'Access Denied',
    ]) {
      const r = explainDenial(facts({ denial: refused(message) }));
      expect(r.findings.map((f) => f.side)).toEqual(['caller']);
      expect(docOf(r.findings[0]!.statements[0]!.shown.json).Statement).toEqual([
        expect.objectContaining(createJobStatement),
        expect.objectContaining(passRoleStatement),
      ]);
    }
  });

  it('an SCP refusing PassRole is a guardrail: no statement lifts it', () => {
    const r = explainDenial(
      facts({
        denial: refused(
          `User: ${CALLER} is not authorized to perform: iam:PassRole on resource: ${JOB_ROLE} with an explicit deny in a service control policy`,
        ),
      }),
    );
    expect(r.findings[0]).toMatchObject({ side: 'guardrail', statements: [] });
  });
});
