import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalPath, PathGrants, resolveInsideDropRoot } from '../../../src/main/security/path-grants';

let dir: string;
let desktop: string;
let secrets: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossbucket-grants-'));
  desktop = join(dir, 'desktop');
  secrets = join(dir, 'home', '.aws');
  mkdirSync(join(desktop, 'photos', 'summer'), { recursive: true });
  mkdirSync(secrets, { recursive: true });
  writeFileSync(join(desktop, 'photos', 'summer', 'beach.jpg'), 'jpg');
  writeFileSync(join(desktop, 'notes.txt'), 'notes');
  writeFileSync(join(secrets, 'credentials'), '[default]');
  // A link inside the dropped folder that leads out of it, and a dropped link.
  symlinkSync(secrets, join(desktop, 'photos', 'aws-link'));
  symlinkSync(secrets, join(desktop, 'aws-shortcut'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PathGrants', () => {
  it('grants nothing until main hands a path out', async () => {
    const grants = new PathGrants();
    expect(await grants.allows('read', join(desktop, 'notes.txt'))).toBe(false);
    expect(await grants.allows('write', desktop)).toBe(false);
  });

  it('a granted folder grants its tree, and only for the kind it was granted for', async () => {
    const grants = new PathGrants();
    await grants.grant('read', [join(desktop, 'photos')]);
    expect(await grants.allows('read', join(desktop, 'photos'))).toBe(true);
    expect(await grants.allows('read', join(desktop, 'photos', 'summer', 'beach.jpg'))).toBe(true);
    expect(await grants.allows('read', join(desktop, 'notes.txt'))).toBe(false);
    expect(await grants.allows('read', join(desktop, 'photos-other'))).toBe(false);
    expect(await grants.allows('write', join(desktop, 'photos'))).toBe(false);
  });

  it('a granted file grants that file, not its folder or siblings', async () => {
    const grants = new PathGrants();
    await grants.grant('read', [join(desktop, 'notes.txt')]);
    expect(await grants.allows('read', join(desktop, 'notes.txt'))).toBe(true);
    expect(await grants.allows('read', desktop)).toBe(false);
    expect(await grants.allows('read', join(desktop, 'photos'))).toBe(false);
  });

  it('resolves `..` before comparing', async () => {
    const grants = new PathGrants();
    await grants.grant('read', [join(desktop, 'photos')]);
    expect(await grants.allows('read', join(desktop, 'photos', '..', 'notes.txt'))).toBe(false);
    expect(await grants.allows('read', `${desktop}/photos/../../home/.aws/credentials`)).toBe(false);
    expect(await grants.allows('read', join(desktop, 'photos', 'summer', '..', 'summer', 'beach.jpg'))).toBe(
      true,
    );
  });

  it('a link inside a granted folder does not lead out of it', async () => {
    const grants = new PathGrants();
    await grants.grant('read', [join(desktop, 'photos')]);
    expect(await grants.allows('read', join(desktop, 'photos', 'aws-link', 'credentials'))).toBe(false);
    // The link itself may be named: the upload walk leaves links out, reading nothing behind it.
    expect(await grants.allows('read', join(desktop, 'photos', 'aws-link'))).toBe(true);
  });

  it('a dropped link grants the link, not the folder it points to', async () => {
    const grants = new PathGrants();
    await grants.grant('read', [join(desktop, 'aws-shortcut')]);
    expect(await grants.allows('read', join(desktop, 'aws-shortcut', 'credentials'))).toBe(false);
    expect(await grants.allows('read', join(secrets, 'credentials'))).toBe(false);
  });

  it('a write grant follows links all the way, so a download cannot go where a link points', async () => {
    const grants = new PathGrants();
    await grants.grant('write', [join(desktop, 'photos')]);
    expect(await grants.allows('write', join(desktop, 'photos', 'new-folder'))).toBe(true);
    expect(await grants.allows('write', join(desktop, 'photos', 'aws-link'))).toBe(false);
  });

  it('accepts a folder inside the extra root main trusts (the settings download folder)', async () => {
    const grants = new PathGrants();
    expect(await grants.allows('write', join(desktop, 'photos', 'summer'), desktop)).toBe(true);
    expect(await grants.allows('write', secrets, desktop)).toBe(false);
  });

  it('refuses with an unauthorized AppFailure that names the path', async () => {
    const grants = new PathGrants();
    const credentials = join(secrets, 'credentials');
    await expect(grants.require('read', [credentials])).rejects.toMatchObject({
      appError: { code: 'unauthorized', details: { path: credentials } },
    });
    await expect(grants.require('write', ['/etc'])).rejects.toMatchObject({
      appError: { code: 'unauthorized', message: expect.stringMatching(/download folder/) },
    });
  });

  it('canonicalPath keeps a part that does not exist yet as written', async () => {
    expect(await canonicalPath(join(desktop, 'photos', 'later', 'deeper'))).toBe(
      join(await canonicalPath(desktop), 'photos', 'later', 'deeper'),
    );
  });
});

describe('resolveInsideDropRoot', () => {
  it('resolves names and relative paths inside the drop root', () => {
    expect(resolveInsideDropRoot(desktop, ['notes.txt', 'photos/summer'])).toEqual([
      join(desktop, 'notes.txt'),
      join(desktop, 'photos', 'summer'),
    ]);
  });

  it('drops names that leave it or name it as a whole', () => {
    expect(
      resolveInsideDropRoot(desktop, ['../home/.aws/credentials', '/etc/passwd', '..', '.', '', 'a\0b']),
    ).toEqual([]);
  });
});
