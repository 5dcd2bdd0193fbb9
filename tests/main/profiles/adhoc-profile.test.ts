import { describe, expect, it } from 'vitest';
import { adhocToResolved, renderProfileBlock } from '../../../src/main/profiles/adhoc-profile';
import { combineFiles } from '../../../src/main/profiles/combine-files';
import { resolveProfiles } from '../../../src/main/profiles/resolve-profiles';
import type { AdhocRole } from '../../../src/shared/models/profile';
import { load } from './aws-home';

const keys = 'aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n';

const sourceConfig = [
  '[profile hop]',
  'role_arn = arn:aws:iam::111111111111:role/hop',
  'source_profile = base',
  'region = eu-west-1',
  'endpoint_url = http://localhost:4566',
  '[profile broken]',
  'role_arn = nope',
  'source_profile = base',
].join('\n');

const sources = async () => (await load({ config: sourceConfig, credentials: `[base]\n${keys}` })).resolved;
const byName = async (name: string) => {
  const found = (await sources()).find((p) => p.summary.name === name);
  if (!found) throw new Error(name);
  return found;
};

const role: AdhocRole = {
  sourceProfile: 'hop',
  accountId: '222222222222',
  roleName: 'ReadOnly',
  externalId: 'ext-secret',
  mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
  durationSeconds: 1800,
  roleSessionName: 'alice',
};

describe('ad-hoc role switch', () => {
  it('extends the source chain with one more step and keeps its endpoints', async () => {
    const adhoc = adhocToResolved(role, await byName('hop'));
    expect(adhoc.summary).toMatchObject({
      name: 'adhoc:222222222222:ReadOnly',
      kind: 'role',
      chain: ['base', 'hop', 'adhoc:222222222222:ReadOnly'],
      needsMfa: true,
      hasExternalId: true,
      region: 'eu-west-1',
      endpoints: { s3: 'http://localhost:4566', sts: 'http://localhost:4566' },
    });
    expect(adhoc.root).toEqual({ kind: 'static', profile: 'base' });
    expect(adhoc.steps.map((s) => s.roleArn)).toEqual([
      'arn:aws:iam::111111111111:role/hop',
      'arn:aws:iam::222222222222:role/ReadOnly',
    ]);
    expect(adhoc.steps[1]).toMatchObject({
      externalId: 'ext-secret',
      durationSeconds: 1800,
      roleSessionName: 'alice',
    });
    expect(JSON.stringify(adhoc.summary)).not.toContain('ext-secret');
    expect(adhocToResolved({ ...role, region: 'sa-east-1' }, await byName('hop')).region).toBe('sa-east-1');
  });

  it('fails when the source profile is broken or the role is not valid', async () => {
    const fromBroken = adhocToResolved(role, await byName('broken'));
    expect(fromBroken.summary.error).toMatchObject({ code: 'profile-malformed-arn' });
    expect(fromBroken.summary.error?.message).toContain('"broken"');
    expect(fromBroken.root).toBeUndefined();
    const hop = await byName('hop');
    expect(adhocToResolved({ ...role, accountId: '12' }, hop).summary.error?.code).toBe('validation');
    expect(adhocToResolved({ ...role, durationSeconds: 100 }, hop).summary.error?.code).toBe('validation');
  });

  it('renders a [profile] block that the loader reads back as the same role', async () => {
    const block = renderProfileBlock({ ...role, sourceProfile: 'base', region: 'us-west-2' }, 'read only');
    expect(block).toBe(
      [
        '[profile "read only"]',
        'role_arn = arn:aws:iam::222222222222:role/ReadOnly',
        'source_profile = base',
        'external_id = ext-secret',
        'mfa_serial = arn:aws:iam::111111111111:mfa/alice',
        'duration_seconds = 1800',
        'role_session_name = alice',
        'region = us-west-2',
        '',
      ].join('\n'),
    );
    const files = combineFiles(
      { path: 'config', text: block },
      { path: 'credentials', text: `[base]\n${keys}` },
    );
    const [readBack] = resolveProfiles(files, {});
    expect(readBack?.summary).toMatchObject({
      name: 'read only',
      chain: ['base', 'read only'],
      needsMfa: true,
    });
    expect(readBack?.steps[0]).toMatchObject({ externalId: 'ext-secret', durationSeconds: 1800 });
  });

  it('names the block after the label or account and role, and cannot be broken by line breaks', () => {
    expect(
      renderProfileBlock({
        sourceProfile: 's',
        accountId: '222222222222',
        roleName: 'r',
        label: 'Prod admin',
      }),
    ).toBe('[profile Prod-admin]\nrole_arn = arn:aws:iam::222222222222:role/r\nsource_profile = s\n');
    const block = renderProfileBlock({
      sourceProfile: 's',
      accountId: '222222222222',
      roleName: 'r',
      roleSessionName: 'x\n[evil]',
    });
    expect(block.split('\n').filter((line) => line.startsWith('['))).toEqual(['[profile 222222222222-r]']);
  });
});
