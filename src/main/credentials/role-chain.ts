import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { toAppError } from '../../shared/errors/to-app-error';
import type { Identity } from '../../shared/models/session';
import type { Endpoints, ResolvedProfile } from '../profiles/profile-model';
import type { Env } from '../profiles/read-config-files';
import { asFailure } from './as-failure';
import { assumeRoleStep } from './assume-role';
import type { MfaPrompter } from './mfa-prompter';
import { type RootCredentialsResolver, rootCredentials, type SsoRoleSource } from './root-credentials';
import { type StsApiFactory, type StsTarget, sdkSts } from './sts-api';

export interface ChainDeps {
  readonly env: Env;
  readonly mfa: MfaPrompter;
  readonly sts?: StsApiFactory;
  readonly root?: RootCredentialsResolver;
  readonly now?: () => number;
  /** Endpoints of the profile that names a step, so each AssumeRole goes where that profile says. */
  readonly endpointsOf?: (profile: string) => Endpoints | undefined;
  /** Role credentials of IAM Identity Center roots. */
  readonly sso?: SsoRoleSource;
}

export interface ChainResult {
  /** The last link's credentials; kept in main only. */
  readonly credentials: AwsCredentialIdentity;
  readonly identity: Identity;
  /** One entry per role step, in call order. */
  readonly stepExpirations: readonly (Date | undefined)[];
  /** When the final credentials lapse; absent for long-term keys. */
  readonly expiresAt?: Date;
  /**
   * The last AssumeRole was made with temporary credentials (role chaining). AWS then caps the
   * role session, and a Console sign-in with it, at one hour.
   */
  readonly chained: boolean;
}

/** SSO and web-identity roots already hand out role sessions, so their first AssumeRole is role chaining. */
const rootIsRole = (profile: ResolvedProfile): boolean =>
  profile.root?.kind === 'sso' || profile.root?.kind === 'web-identity';

function stsTarget(profile: ResolvedProfile, stepProfile: string | undefined, deps: ChainDeps): StsTarget {
  const endpoint =
    (stepProfile ? deps.endpointsOf?.(stepProfile)?.sts : undefined) ??
    profile.endpoints.sts ??
    deps.env.AWS_ENDPOINT_URL_STS ??
    deps.env.AWS_ENDPOINT_URL;
  return endpoint ? { region: profile.region, endpoint } : { region: profile.region };
}

/** Root → each role step in order → GetCallerIdentity, as `aws sts get-caller-identity --profile x` would. */
export async function runRoleChain(profile: ResolvedProfile, deps: ChainDeps): Promise<ChainResult> {
  const { root } = profile;
  if (!root) {
    throw asFailure(
      profile.summary.error ?? {
        code: 'profile-invalid',
        message: `Profile "${profile.summary.name}" cannot be used.`,
      },
    );
  }
  const sts = deps.sts ?? sdkSts;
  const now = deps.now ?? Date.now;
  const rootTarget = stsTarget(profile, root.profile, deps);
  let credentials = await (deps.root ?? rootCredentials)(root, {
    env: deps.env,
    region: rootTarget.region,
    ...(rootTarget.endpoint ? { stsEndpoint: rootTarget.endpoint } : {}),
    ...(deps.sso ? { sso: deps.sso } : {}),
  });
  let callerArn: string | undefined;
  let chained = false;
  const stepExpirations: (Date | undefined)[] = [];
  for (const [index, step] of profile.steps.entries()) {
    chained = credentials.sessionToken !== undefined;
    const assumed = await assumeRoleStep({
      step,
      credentials,
      callerIsRole: index > 0 || rootIsRole(profile),
      ...(callerArn ? { callerArn } : {}),
      target: stsTarget(profile, step.profile, deps),
      sts,
      mfa: deps.mfa,
      now,
    });
    credentials = assumed.credentials;
    callerArn = assumed.assumedRoleArn;
    stepExpirations.push(assumed.credentials.expiration);
  }
  const identity = await callerIdentity(sts, stsTarget(profile, profile.summary.name, deps), credentials);
  return {
    credentials,
    identity,
    stepExpirations,
    ...(credentials.expiration ? { expiresAt: credentials.expiration } : {}),
    chained,
  };
}

async function callerIdentity(
  sts: StsApiFactory,
  target: StsTarget,
  credentials: AwsCredentialIdentity,
): Promise<Identity> {
  try {
    const out = await sts(target, credentials).getCallerIdentity();
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  } catch (err) {
    throw asFailure(toAppError(err, { action: 'sts:GetCallerIdentity' }));
  }
}
