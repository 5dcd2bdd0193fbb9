import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AppFailure } from '../../shared/errors/app-error';
import { parseDenial } from '../../shared/errors/parse-denial';
import { toAppError } from '../../shared/errors/to-app-error';
import type { AppError } from '../../shared/models/errors';
import type { RoleStep } from '../profiles/profile-model';
import { defaultDurationSeconds } from '../profiles/role-config';
import { asFailure } from './as-failure';
import type { MfaPrompter } from './mfa-prompter';
import type { StsApiFactory, StsTarget } from './sts-api';

/** The CLI's default when a profile sets no duration_seconds. */
export const DEFAULT_DURATION_SECONDS = defaultDurationSeconds;
/** AWS caps a session at one hour when a role assumes another role (role chaining). */
export const ROLE_CHAINING_MAX_SECONDS = 3600;
/** Enough for typos and a code that rolled over; after that the device is probably wrong. */
export const MAX_MFA_ATTEMPTS = 5;

export interface AssumeStepInput {
  readonly step: RoleStep;
  /** The credentials making the call. */
  readonly credentials: AwsCredentialIdentity;
  /** True when those credentials are themselves a role session, which triggers the one-hour cap. */
  readonly callerIsRole: boolean;
  /** The caller's ARN when known (the previous step's assumed role), for error details. */
  readonly callerArn?: string;
  readonly target: StsTarget;
  readonly sts: StsApiFactory;
  readonly mfa: MfaPrompter;
  readonly now: () => number;
}

export interface AssumedRole {
  /** Carries `expiration`. */
  readonly credentials: AwsCredentialIdentity;
  readonly assumedRoleArn: string;
}

export function durationFor(step: RoleStep, callerIsRole: boolean): number {
  const wanted = step.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  return callerIsRole ? Math.min(wanted, ROLE_CHAINING_MAX_SECONDS) : wanted;
}

interface AwsErrorShape {
  readonly name?: string;
  readonly message?: string;
}

const shapeOf = (err: unknown): AwsErrorShape =>
  typeof err === 'object' && err !== null ? (err as AwsErrorShape) : {};

const isInvalidMfaCode = (err: unknown): boolean => {
  const { name, message = '' } = shapeOf(err);
  return (
    name === 'AccessDenied' &&
    /MultiFactorAuthentication failed|invalid MFA one time pass code/i.test(message)
  );
};

/** AWS names the caller in its denial: "User: arn:aws:iam::1:user/dev is not authorized to perform …". */
const callerFromMessage = (message: string): string | undefined =>
  /User: (arn:\S+) is not authorized/.exec(message)?.[1];

interface SentFacts {
  readonly step: RoleStep;
  readonly callerArn?: string;
  readonly sentMfaCode: boolean;
  readonly duration: number;
}

function deniedFailure(err: unknown, facts: SentFacts): AppFailure {
  const { step } = facts;
  const message = shapeOf(err).message ?? '';
  const caller = facts.callerArn ?? callerFromMessage(message);
  const you = caller ? `Your identity (${caller})` : 'Your identity';
  return new AppFailure('assume-role-denied', `Switching to ${step.roleArn} was denied.`, {
    details: {
      action: 'sts:AssumeRole',
      resource: step.roleArn,
      ...(caller ? { caller } : {}),
      profile: step.profile,
      ...(message ? { aws: message } : {}),
    },
    hints: [
      `${you} may not be allowed sts:AssumeRole on ${step.roleArn}.`,
      `The role's trust policy may not name your account or user as a trusted principal.`,
      step.externalId
        ? 'An external ID was sent; it may not match the sts:ExternalId the trust policy expects.'
        : 'No external ID was sent; if the trust policy requires one, set external_id in the profile.',
      facts.sentMfaCode
        ? 'An MFA code was sent; the trust policy may expect a different MFA device.'
        : 'No MFA code was sent; if the trust policy requires MFA, set mfa_serial in the profile.',
    ],
    access: {
      ...parseDenial(message, { action: 'sts:AssumeRole', resource: step.roleArn }),
      ...(caller && !callerFromMessage(message) ? { principal: caller } : {}),
      assumeRole: {
        profile: step.profile,
        externalIdSent: step.externalId !== undefined,
        mfaSent: facts.sentMfaCode,
      },
    },
  });
}

function durationFailure(err: unknown, facts: SentFacts): AppFailure {
  const message = shapeOf(err).message ?? '';
  const max = /less than or equal to (\d+)/.exec(message)?.[1];
  const chaining = /role chaining/i.test(message);
  const limit = max
    ? ` The role allows at most ${max} seconds.`
    : chaining
      ? ' A role assumed from another role lasts at most 3600 seconds.'
      : '';
  return new AppFailure(
    'duration-too-long',
    `The requested session length (${facts.duration} s) is longer than ${facts.step.roleArn} allows.${limit}`,
    {
      details: {
        action: 'sts:AssumeRole',
        resource: facts.step.roleArn,
        profile: facts.step.profile,
        aws: message,
      },
      hints: [
        `Lower duration_seconds in profile "${facts.step.profile}", or raise the role's maximum session duration.`,
      ],
    },
  );
}

/** Turns an STS failure into words that say what to change. */
export function assumeRoleFailure(err: unknown, facts: SentFacts): AppFailure {
  if (err instanceof AppFailure) return err;
  const { name = '', message = '' } = shapeOf(err);
  if (name === 'AccessDenied' || name === 'AccessDeniedException') return deniedFailure(err, facts);
  if (name === 'ValidationError' && /durationSeconds|MaxSessionDuration|role chaining/i.test(message)) {
    return durationFailure(err, facts);
  }
  const base = toAppError(err, { action: 'sts:AssumeRole', resource: facts.step.roleArn });
  if (base.code === 'token-expired') {
    return new AppFailure(
      'token-expired',
      `The credentials used to switch to ${facts.step.roleArn} have expired.`,
      {
        details: { ...base.details, profile: facts.step.profile },
        hints: [
          'Refresh the source credentials (for IAM Identity Center: sign in again from the sidebar), then renew the session.',
        ],
      },
    );
  }
  return asFailure(base);
}

const invalidCodeError: AppError = {
  code: 'mfa-invalid',
  message: 'AWS did not accept that MFA code.',
  hints: [
    'Wait for the next code on the device and enter it promptly.',
    'Check that the device matches mfa_serial.',
  ],
};

/** One AssumeRole call of a chain, asking for an MFA code (again, after a refused one) when the step needs it. */
export async function assumeRoleStep(input: AssumeStepInput): Promise<AssumedRole> {
  const { step } = input;
  const duration = durationFor(step, input.callerIsRole);
  const client = input.sts(input.target, input.credentials);
  const baseRequest = {
    RoleArn: step.roleArn,
    RoleSessionName: step.roleSessionName ?? `crossbucket-${input.now()}`,
    DurationSeconds: duration,
    ...(step.externalId ? { ExternalId: step.externalId } : {}),
  };
  let refused: AppError | undefined;
  for (let attempt = 1; attempt <= MAX_MFA_ATTEMPTS; attempt++) {
    const tokenCode = step.mfaSerial
      ? await input.mfa.ask({
          profile: step.profile,
          roleArn: step.roleArn,
          mfaSerial: step.mfaSerial,
          attempt,
          ...(refused ? { error: refused } : {}),
        })
      : undefined;
    const request =
      step.mfaSerial && tokenCode !== undefined
        ? { ...baseRequest, SerialNumber: step.mfaSerial, TokenCode: tokenCode }
        : baseRequest;
    try {
      const out = await client.assumeRole(request);
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        throw new AppFailure('internal', `STS returned no credentials for ${step.roleArn}.`);
      }
      return {
        credentials: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
          ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
        },
        assumedRoleArn: out.AssumedRoleUser?.Arn ?? step.roleArn,
      };
    } catch (err) {
      if (tokenCode !== undefined && isInvalidMfaCode(err)) {
        refused = invalidCodeError;
        continue;
      }
      throw assumeRoleFailure(err, {
        step,
        sentMfaCode: tokenCode !== undefined,
        duration,
        ...(input.callerArn ? { callerArn: input.callerArn } : {}),
      });
    }
  }
  throw new AppFailure('mfa-invalid', `AWS refused ${MAX_MFA_ATTEMPTS} MFA codes for ${step.roleArn}.`, {
    details: { profile: step.profile, resource: step.roleArn },
    hints: [...(invalidCodeError.hints ?? [])],
  });
}
