import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProfiles } from '../../../src/main/profiles/profile-store';
import { awsHome, load, profileNamed } from './aws-home';

const keys = 'aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n';

describe('malformed and unusual files', () => {
  it('keeps the good profiles of a file full of binary junk and reports lines, not contents', async () => {
    const junk = Buffer.concat([
      Buffer.from(`[profile good]\n${keys}`),
      randomBytes(64 * 1024),
      Buffer.from(`\n[profile after]\n${keys}`),
    ]);
    const { snapshot } = await load({ config: junk });
    expect(profileNamed(snapshot, 'good').kind).toBe('static');
    expect(profileNamed(snapshot, 'after').error).toBeUndefined();
    expect(snapshot.fileErrors.length).toBeGreaterThan(0);
    expect(snapshot.fileErrors.length).toBeLessThanOrEqual(11);
    expect(snapshot.fileErrors[0]?.message).toMatch(/config line \d+: /);
  });

  it('reads a file with a UTF-8 BOM, CRLF line ends, comments and unicode names', async () => {
    const config = `\uFEFF# team config\r\n[default]\r\n${keys.replace(/\n/g, '\r\n')}; note\r\n[profile équipe-données]\r\nregion = eu-west-3 # Paris\r\n${keys.replace(/\n/g, '\r\n')}[profile "with space"]\r\n${keys}`;
    const { snapshot } = await load({ config });
    expect(snapshot.fileErrors).toEqual([]);
    expect(snapshot.profiles.map((p) => p.name)).toEqual(['default', 'équipe-données', 'with space']);
    expect(profileNamed(snapshot, 'équipe-données').region).toBe('eu-west-3');
    expect(profileNamed(snapshot, 'default').error).toBeUndefined();
  });

  it('merges duplicate sections (later keys win) and warns that the CLI would refuse them', async () => {
    const { snapshot } = await load({
      config: `[profile dup]\nregion = eu-west-1\n${keys}\n[profile dup]\nregion = us-west-2\n`,
    });
    expect(profileNamed(snapshot, 'dup')).toMatchObject({ region: 'us-west-2', kind: 'static' });
    expect(snapshot.fileErrors.map((e) => e.message).join()).toContain(
      'line 6: section [profile dup] repeats the one on line 1',
    );
  });

  it('reads a 10 MB file without failing', async () => {
    const filler = 'x_setting = some value that repeats\n'.repeat(300_000);
    const { snapshot } = await load({ config: `[profile big]\n${keys}${filler}[profile end]\n${keys}` });
    expect(profileNamed(snapshot, 'end').kind).toBe('static');
    expect(profileNamed(snapshot, 'big').error).toBeUndefined();
  });

  it('reports a section the CLI ignores in the config file, lines before any section, and bad headers', async () => {
    const { snapshot } = await load({
      config: `stray = 1\n[dev]\n${keys}[profile ok]\n${keys}[\nkey = v\n[profile a b]\n`,
    });
    const messages = snapshot.fileErrors.map((e) => e.message);
    expect(messages.some((m) => m.includes('line 1') && m.includes('not inside a [section]'))).toBe(true);
    expect(messages.some((m) => m.includes('[dev] is ignored'))).toBe(true);
    expect(messages.some((m) => m.includes('line 8: section header'))).toBe(true);
    expect(messages.some((m) => m.includes('line 9: line is not inside'))).toBe(true);
    expect(messages.some((m) => m.includes('[profile a b] is ignored'))).toBe(true);
    expect(snapshot.profiles.map((p) => p.name)).toEqual(['ok']);
  });

  it('reports an unreadable file by path and keeps the other file’s profiles', async () => {
    const home = await awsHome({ credentials: `[fine]\n${keys}` });
    await mkdir(home.configPath);
    const { snapshot } = await readProfiles(home.env);
    expect(snapshot.fileErrors).toEqual([
      expect.objectContaining({
        code: 'config-unreadable',
        message: expect.stringContaining(home.configPath),
      }),
    ]);
    expect(profileNamed(snapshot, 'fine').kind).toBe('static');
  });

  it('expands ~ in AWS_CONFIG_FILE', async () => {
    const home = await awsHome({ config: `[profile tilde]\n${keys}` });
    const { snapshot } = await readProfiles({
      HOME: home.home,
      AWS_CONFIG_FILE: join('~', '.aws', 'config'),
    });
    expect(snapshot.configFile).toBe(home.configPath);
    expect(snapshot.profiles.map((p) => p.name)).toEqual(['tilde']);
  });
});
