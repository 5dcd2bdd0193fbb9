import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT_ROLES, RECENT_ROLES_FILE, RecentRoles } from '../../../src/main/sessions/recent-roles';
import type { AdhocRole } from '../../../src/shared/models/profile';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-recent-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const role = (roleName: string, extra: Partial<AdhocRole> = {}): AdhocRole => ({
  sourceProfile: 'dev',
  accountId: '222222222222',
  roleName,
  ...extra,
});

const onDisk = async (): Promise<unknown> => JSON.parse(await readFile(join(dir, RECENT_ROLES_FILE), 'utf8'));

describe('RecentRoles', () => {
  it('remembers roles newest first and survives a restart', async () => {
    const recent = new RecentRoles(dir);
    await recent.remember(role('a'));
    await recent.remember(role('b', { externalId: 'ext-1', region: 'eu-west-1' }));
    expect((await new RecentRoles(dir).list()).map((r) => r.roleName)).toEqual(['b', 'a']);
    expect(await onDisk()).toEqual([role('b', { externalId: 'ext-1', region: 'eu-west-1' }), role('a')]);
  });

  it('keeps one entry per role, moved to the top with its newest settings', async () => {
    const recent = new RecentRoles(dir);
    await recent.remember(role('a'));
    await recent.remember(role('b'));
    const list = await recent.remember(role('a', { durationSeconds: 1800 }));
    expect(list).toEqual([role('a', { durationSeconds: 1800 }), role('b')]);
  });

  it(`keeps at most ${MAX_RECENT_ROLES}`, async () => {
    const recent = new RecentRoles(dir);
    for (let i = 0; i < MAX_RECENT_ROLES + 5; i++) await recent.remember(role(`r${i}`));
    const list = await recent.list();
    expect(list).toHaveLength(MAX_RECENT_ROLES);
    expect(list[0]?.roleName).toBe(`r${MAX_RECENT_ROLES + 4}`);
  });

  it('forgets by index and refuses an index that is not there', async () => {
    const recent = new RecentRoles(dir);
    await recent.remember(role('a'));
    await recent.remember(role('b'));
    expect(await recent.forget(0)).toEqual([role('a')]);
    await expect(recent.forget(5)).rejects.toMatchObject({ appError: { code: 'not-found' } });
    expect(await onDisk()).toEqual([role('a')]);
  });

  it('does not lose a role when two are remembered at once', async () => {
    const recent = new RecentRoles(dir);
    await Promise.all([recent.remember(role('a')), recent.remember(role('b'))]);
    expect((await new RecentRoles(dir).list()).map((r) => r.roleName).sort()).toEqual(['a', 'b']);
  });

  it('ignores a corrupt file, starts empty and rewrites it', async () => {
    await writeFile(join(dir, RECENT_ROLES_FILE), '{ not json');
    expect(await new RecentRoles(dir).list()).toEqual([]);
    expect(await onDisk()).toEqual([]);
  });

  it('drops entries that are not valid roles, and fields that are not part of one', async () => {
    await writeFile(
      join(dir, RECENT_ROLES_FILE),
      JSON.stringify([role('ok'), { roleName: 'no-account' }, { ...role('x'), accountId: 'abc' }]),
    );
    expect(await new RecentRoles(dir).list()).toEqual([role('ok')]);
    const recent = new RecentRoles(dir);
    const sneaky = { ...role('s'), secretAccessKey: 'do-not-store' } as AdhocRole;
    await expect(recent.remember(sneaky)).rejects.toMatchObject({ appError: { code: 'validation' } });
    expect(JSON.stringify(await onDisk())).not.toContain('do-not-store');
  });
});
