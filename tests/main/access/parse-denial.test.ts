// Every AccessDenied wording AWS documents (IAM User Guide "Access denied error message examples",
// S3 User Guide "Troubleshoot access denied (403 Forbidden) errors"), read into a typed reason.
import { describe, expect, it } from 'vitest';
import { parseDenial } from '../../../src/shared/errors/parse-denial';
import { toAppError } from '../../../src/shared/errors/to-app-error';

const MARY = 'arn:aws:iam::123456789012:user/MaryMajor';
const OBJECT = 'arn:aws:s3:::amzn-s3-demo-bucket1/object-name';
const onObject = (context: string) =>
  `User: ${MARY} is not authorized to perform: s3:GetObject on resource: "${OBJECT}" ${context}`;
const noResource = (context: string) => `User: ${MARY} is not authorized to perform: s3:GetObject ${context}`;

describe('enriched S3 messages (same account or same organization)', () => {
  const implicit = [
    ['identity-based policy', 'identity-based'],
    ['resource-based policy', 'resource-based'],
    ['service control policy', 'service-control'],
    ['VPC endpoint policy', 'vpc-endpoint'],
    ['permissions boundary', 'permissions-boundary'],
    ['session policy', 'session'],
  ] as const;
  it.each(implicit)('implicit: "because no %s allows the s3:GetObject action"', (words, type) => {
    for (const message of [
      onObject(`because no ${words} allows the s3:GetObject action`),
      noResource(`because no ${words} allows the s3:GetObject action`),
    ]) {
      expect(parseDenial(message)).toMatchObject({
        form: 'enriched',
        principal: MARY,
        action: 's3:GetObject',
        policyType: type,
        explicit: false,
        raw: message,
      });
    }
    expect(parseDenial(onObject(`because no ${words} allows the s3:GetObject action`)).resource).toBe(OBJECT);
  });

  const explicit = [
    ['an identity-based policy', 'identity-based'],
    ['a resource-based policy', 'resource-based'],
    ['a service control policy', 'service-control'],
    ['a resource control policy', 'resource-control'],
    ['a VPC endpoint policy', 'vpc-endpoint'],
    ['a permissions boundary', 'permissions-boundary'],
    ['a session policy', 'session'],
    ['a sessions policy', 'session'],
  ] as const;
  it.each(explicit)('explicit: "with an explicit deny in %s"', (words, type) => {
    expect(parseDenial(onObject(`with an explicit deny in ${words}`))).toMatchObject({
      form: 'enriched',
      resource: OBJECT,
      policyType: type,
      explicit: true,
    });
  });

  it('reads a quoted resource whose key holds spaces whole, and the policy type after it', () => {
    const denial = parseDenial(
      'User: arn:aws:sts::222222222222:assumed-role/r/s is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/naïve résumé.txt" because no resource-based policy allows the s3:GetObject action',
    );
    expect(denial).toMatchObject({
      form: 'enriched',
      resource: 'arn:aws:s3:::b/naïve résumé.txt',
      policyType: 'resource-based',
      explicit: false,
    });
  });

  it('keeps the ARN of the denying policy that AWS appends', () => {
    const message = onObject(
      'with an explicit deny in an identity-based policy: arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
    );
    expect(parseDenial(message)).toMatchObject({
      policyType: 'identity-based',
      explicit: true,
      policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
    });
    expect(
      parseDenial(
        noResource(
          'with an explicit deny in a service control policy: arn:aws:organizations::111122223333:policy/o-abc/service_control_policy/p-123',
        ),
      ),
    ).toMatchObject({
      policyType: 'service-control',
      policyArn: 'arn:aws:organizations::111122223333:policy/o-abc/service_control_policy/p-123',
    });
  });

  it('reads a VPC endpoint deny reached transitively through an SCP', () => {
    const message =
      'User: arn:aws:sts::111122223333:assumed-role/role-name/role-session-name is not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:444455556666:role-name-2 with an explicit deny in a VPC endpoint policy transitively through a service control policy';
    expect(parseDenial(message)).toMatchObject({
      principal: 'arn:aws:sts::111122223333:assumed-role/role-name/role-session-name',
      action: 'SNS:Publish',
      resource: 'arn:aws:sns:us-east-1:444455556666:role-name-2',
      policyType: 'vpc-endpoint',
      through: 'service-control',
      explicit: true,
    });
  });

  it('reads messages broken over lines and prefixed by the CLI', () => {
    const message = `An error occurred (AccessDenied) when calling the GetObject operation:\nUser: ${MARY} is not authorized to perform:\ns3:GetObject on resource: "${OBJECT}"\nwith an explicit deny in a resource control policy`;
    expect(parseDenial(message)).toMatchObject({
      form: 'enriched',
      principal: MARY,
      resource: OBJECT,
      policyType: 'resource-control',
      explicit: true,
    });
  });

  it('reads kms:Decrypt denials of SSE-KMS objects', () => {
    const key = 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const message = `User: arn:aws:sts::111111111111:assumed-role/reader/s is not authorized to perform: kms:Decrypt on resource: ${key} because no resource-based policy allows the kms:Decrypt action`;
    expect(parseDenial(message)).toMatchObject({
      action: 'kms:Decrypt',
      resource: key,
      policyType: 'resource-based',
      explicit: false,
    });
  });
});

describe('STS AssumeRole', () => {
  it('reads the classic denial, which names no policy type', () => {
    const message =
      'User: arn:aws:iam::111111111111:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/deploy';
    expect(parseDenial(message)).toEqual({
      form: 'not-authorized',
      principal: 'arn:aws:iam::111111111111:user/dev',
      action: 'sts:AssumeRole',
      resource: 'arn:aws:iam::222222222222:role/deploy',
      raw: message,
    });
  });

  it('reads the role trust policy forms and keeps the role from the call when AWS omits it', () => {
    const implicit =
      'User: arn:aws:iam::123456789012:user/John is not authorized to perform: sts:AssumeRole because no role trust policy allows the sts:AssumeRole action';
    const role = { action: 'sts:AssumeRole', resource: 'arn:aws:iam::222222222222:role/deploy' };
    expect(parseDenial(implicit, role)).toMatchObject({
      form: 'enriched',
      policyType: 'role-trust',
      explicit: false,
      resource: role.resource,
    });
    expect(
      parseDenial(
        'User: arn:aws:iam::777788889999:user/John is not authorized to perform: sts:AssumeRole with an explicit deny in the role trust policy',
      ),
    ).toMatchObject({ policyType: 'role-trust', explicit: true });
  });
});

describe('plain denials', () => {
  it('keeps the call that failed when S3 says only "Access Denied" (across organizations)', () => {
    expect(parseDenial('Access Denied', { action: 's3:GetObject', resource: OBJECT })).toEqual({
      form: 'plain',
      action: 's3:GetObject',
      resource: OBJECT,
      raw: 'Access Denied',
    });
  });

  it('copes with HEAD denials, which carry no message at all', () => {
    for (const message of [undefined, 'UnknownError']) {
      expect(parseDenial(message, { action: 's3:GetObject' })).toEqual({
        form: 'plain',
        action: 's3:GetObject',
        raw: '',
      });
    }
  });

  it('reads "User is not authorized" without a principal', () => {
    expect(
      parseDenial('User is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/source.zip"'),
    ).toMatchObject({
      form: 'not-authorized',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/source.zip',
    });
  });
});

describe('the AppError of a denied S3 call', () => {
  it('carries the parsed reason and says in the hint what AWS named', () => {
    const error = toAppError(
      Object.assign(new Error(onObject('because no resource-based policy allows the s3:GetObject action')), {
        name: 'AccessDenied',
      }),
      { action: 's3:GetObject', resource: OBJECT },
    );
    expect(error.code).toBe('access-denied');
    expect(error.access).toMatchObject({ form: 'enriched', policyType: 'resource-based', explicit: false });
    expect(error.hints?.[0]).toBe('AWS says: no resource-based policy allows s3:GetObject.');
  });

  it('a 403 without a body (HEAD) says so rather than "UnknownError"', () => {
    const error = toAppError(
      Object.assign(new Error('UnknownError'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } }),
      { action: 's3:GetObject', resource: OBJECT },
    );
    expect(error.code).toBe('access-denied');
    expect(error.details?.aws).toBe('HTTP 403, no message (S3 sends none for HEAD)');
  });
});
