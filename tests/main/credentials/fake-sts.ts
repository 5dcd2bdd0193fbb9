import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { MfaPrompter, MfaRequest } from '../../../src/main/credentials/mfa-prompter';
import type { RootCredentialsResolver } from '../../../src/main/credentials/root-credentials';
import type { StsApiFactory, StsTarget } from '../../../src/main/credentials/sts-api';
import type { ChainRoot, ResolvedProfile, RoleStep } from '../../../src/main/profiles/profile-model';

export interface AssumeCall {
  readonly target: StsTarget;
  readonly caller: AwsCredentialIdentity;
  readonly input: AssumeRoleCommandInput;
}

/** An AWS-shaped service error, as the SDK throws them. */
export const awsError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

export const ROOT_KEYS: AwsCredentialIdentity = {
  accessKeyId: 'AKIAROOTROOTROOT',
  secretAccessKey: 'root-secret-XYZ',
};

/**
 * A stand-in for STS: every AssumeRole hands out fresh, distinct secrets expiring after the
 * requested duration, and GetCallerIdentity reports the role those secrets belong to.
 */
export class FakeSts {
  readonly calls: AssumeCall[] = [];
  readonly identityCalls: StsTarget[] = [];
  /** Return an error to make that call fail; called before issuing credentials. */
  failWith: (call: AssumeCall) => Error | undefined = () => undefined;
  #issued = 0;
  readonly #owner = new Map<string, string>([[ROOT_KEYS.accessKeyId, 'arn:aws:iam::111111111111:user/dev']]);

  constructor(private readonly now: () => number) {}

  readonly factory: StsApiFactory = (target, caller) => ({
    assumeRole: async (input) => {
      const call = { target, caller, input };
      this.calls.push(call);
      const error = this.failWith(call);
      if (error) throw error;
      this.#issued += 1;
      const n = this.#issued;
      const accessKeyId = `ASIAFAKE${n}`;
      const roleName = input.RoleArn?.split('/').pop() ?? 'role';
      const account = input.RoleArn?.split(':')[4] ?? '000000000000';
      this.#owner.set(
        accessKeyId,
        `arn:aws:sts::${account}:assumed-role/${roleName}/${input.RoleSessionName}`,
      );
      return {
        $metadata: {},
        Credentials: {
          AccessKeyId: accessKeyId,
          SecretAccessKey: `secret-${n}-${'s'.repeat(20)}`,
          SessionToken: `token-${n}-${'t'.repeat(40)}`,
          Expiration: new Date(this.now() + (input.DurationSeconds ?? 3600) * 1000),
        },
        AssumedRoleUser: { Arn: this.#owner.get(accessKeyId), AssumedRoleId: `AROA${n}:x` },
      };
    },
    getCallerIdentity: async () => {
      this.identityCalls.push(target);
      const arn = this.#owner.get(caller.accessKeyId);
      if (!arn)
        throw awsError('InvalidClientTokenId', 'The security token included in the request is invalid.');
      return { $metadata: {}, Arn: arn, Account: arn.split(':')[4], UserId: `ID-${caller.accessKeyId}` };
    },
  });

  /** Every secret this fake handed out, to scan emitted events for leaks. */
  secrets(): string[] {
    return [
      ROOT_KEYS.secretAccessKey,
      ...this.calls.flatMap((_, i) => [`secret-${i + 1}-`, `token-${i + 1}-`]),
    ];
  }
}

export const staticRoot: RootCredentialsResolver = async () => ({ ...ROOT_KEYS });

/** Answers MFA prompts from a list of codes; records every request. */
export class ScriptedMfa implements MfaPrompter {
  readonly requests: MfaRequest[] = [];
  constructor(private readonly codes: (string | Error)[]) {}

  async ask(req: MfaRequest): Promise<string> {
    this.requests.push(req);
    const next = this.codes.shift();
    if (next === undefined) throw new Error('test asked for more MFA codes than scripted');
    if (next instanceof Error) throw next;
    return next;
  }
}

export const step = (overrides: Partial<RoleStep> & Pick<RoleStep, 'profile' | 'roleArn'>): RoleStep =>
  overrides;

/** A ResolvedProfile built by hand, as the profile loader would produce it. */
export function resolved(
  name: string,
  steps: readonly RoleStep[],
  extra: { root?: ChainRoot; region?: string; s3?: string; sts?: string } = {},
): ResolvedProfile {
  return {
    summary: {
      name,
      kind: steps.length > 0 ? 'role' : 'static',
      hasExternalId: steps.some((s) => s.externalId !== undefined),
      chain: [extra.root?.profile ?? 'dev', ...steps.map((s) => s.profile)],
      needsMfa: steps.some((s) => s.mfaSerial !== undefined),
      endpoints: { ...(extra.s3 ? { s3: extra.s3 } : {}), ...(extra.sts ? { sts: extra.sts } : {}) },
    },
    root: extra.root ?? { kind: 'static', profile: 'dev' },
    steps,
    region: extra.region ?? 'eu-west-1',
    endpoints: { ...(extra.s3 ? { s3: extra.s3 } : {}), ...(extra.sts ? { sts: extra.sts } : {}) },
  };
}

export const DEPLOY = step({
  profile: 'deploy',
  roleArn: 'arn:aws:iam::222222222222:role/deploy',
  externalId: 'ext-123',
  roleSessionName: 'deploy-session',
});
export const AUDIT = step({
  profile: 'audit',
  roleArn: 'arn:aws:iam::333333333333:role/audit',
  mfaSerial: 'arn:aws:iam::111111111111:mfa/dev',
  durationSeconds: 7200,
});
