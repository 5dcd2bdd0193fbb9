import type { AppError, Result } from '../../shared/models/errors';
import { baseRoot } from './base-credentials';
import type { ConfigFiles, RawProfile } from './combine-files';
import type { ChainRoot, RoleStep } from './profile-model';
import { hasAssumeRoleConfig, hasStaticKeys, profileError } from './profile-settings';
import { readRoleConfig } from './role-config';

export interface Chain {
  readonly root: ChainRoot;
  readonly steps: readonly RoleStep[];
  /** Profile names from the root to the profile: the root, then each step's profile. */
  readonly names: readonly string[];
  /** Settings along the chain that the CLI ignores (each message names its profile). */
  readonly warnings: readonly string[];
}

/** A failure and the profile of the chain it belongs to, so dependants can name the broken link. */
interface LinkFailure {
  readonly ok: false;
  readonly error: AppError;
  readonly link: string;
}

type Walk = { readonly ok: true; readonly value: Chain } | LinkFailure;

const failAt = (link: string, error: AppError): LinkFailure => ({ ok: false, error, link });

const noCredentials = (name: string): AppError =>
  profileError('credentials-missing', name, `Profile "${name}" has no credentials.`, {
    hints: [
      'Add aws_access_key_id and aws_secret_access_key, sso settings, credential_process, or a role_arn.',
    ],
  });

const loopError = (profile: string, loop: readonly string[]): AppError =>
  profileError('profile-cycle', profile, `source_profile forms a loop: ${loop.join(' → ')}.`, {
    details: { loop: loop.join(' → ') },
    hints: [
      'A profile may name itself as source_profile only when it has its own aws_access_key_id and secret.',
    ],
  });

/**
 * Follows source_profile links as botocore's AssumeRoleProvider does. `visited` starts with
 * the profile being resolved; a source seen before is a loop, except a profile naming
 * itself while holding static keys (keys and role config in one section).
 */
function assumeRoleChain(profile: RawProfile, files: ConfigFiles, visited: readonly string[]): Walk {
  const config = readRoleConfig(profile);
  if (!config.ok) return failAt(profile.name, config.error);
  const { step, source, warnings } = config.value;

  if (source.kind === 'credential-source') {
    return {
      ok: true,
      value: {
        root: { kind: 'credential-source', profile: profile.name, source: source.source },
        steps: [step],
        names: [profile.name],
        warnings,
      },
    };
  }

  const sourceProfile = files.profiles.get(source.name);
  if (!sourceProfile) {
    return failAt(
      profile.name,
      profileError(
        'profile-missing-source',
        profile.name,
        `Profile "${profile.name}" names source_profile = ${source.name}, which is in neither ${files.configFile} nor ${files.credentialsFile}.`,
        { details: { sourceProfile: source.name } },
      ),
    );
  }
  if (visited.includes(source.name) && (source.name !== profile.name || !hasStaticKeys(sourceProfile))) {
    return failAt(profile.name, loopError(visited[0] ?? profile.name, [...visited, source.name]));
  }
  const path = [...visited, source.name];

  // Static keys win over the source's own role_arn: that is what lets a profile hold both.
  if (hasStaticKeys(sourceProfile) || !hasAssumeRoleConfig(sourceProfile)) {
    const root = baseRoot(sourceProfile, files);
    if (root === undefined) return failAt(source.name, noCredentials(source.name));
    if (!root.ok) return failAt(source.name, root.error);
    return {
      ok: true,
      value: { root: root.value, steps: [step], names: [source.name, profile.name], warnings },
    };
  }

  const inner = assumeRoleChain(sourceProfile, files, path);
  if (!inner.ok) return inner;
  return {
    ok: true,
    value: {
      root: inner.value.root,
      steps: [...inner.value.steps, step],
      names: [...inner.value.names, profile.name],
      warnings: [...inner.value.warnings, ...warnings],
    },
  };
}

/** Says which link broke when it is not the profile itself, keeping the link's own error code. */
function blame(profile: string, failure: LinkFailure): AppError {
  if (failure.link === profile || failure.error.code === 'profile-cycle') {
    return { ...failure.error, details: { ...failure.error.details, profile } };
  }
  return {
    ...failure.error,
    message: `Profile "${profile}" depends on "${failure.link}", which cannot be used: ${failure.error.message}`,
    details: { ...failure.error.details, profile, failedLink: failure.link },
  };
}

/** How the CLI would get credentials for this profile, or why it could not. */
export function resolveChain(profile: RawProfile, files: ConfigFiles): Result<Chain> {
  if (hasAssumeRoleConfig(profile)) {
    const walk = assumeRoleChain(profile, files, [profile.name]);
    return walk.ok ? walk : { ok: false, error: blame(profile.name, walk) };
  }
  const root = baseRoot(profile, files);
  if (root === undefined) return { ok: false, error: noCredentials(profile.name) };
  if (!root.ok) return root;
  return { ok: true, value: { root: root.value, steps: [], names: [profile.name], warnings: [] } };
}
