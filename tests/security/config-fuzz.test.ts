import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../src/main/app/create-services';
import { browserPlatform } from '../../src/main/bridge/browser-platform';
import { createDispatcher, type Dispatch } from '../../src/main/ipc/dispatcher';
import type { Result } from '../../src/shared/models/errors';
import type { ProfileSummary, ProfilesSnapshot } from '../../src/shared/models/profile';

// A malicious or broken ~/.aws/config must not take the app down or hide the profiles that
// are fine. tests/main/profiles covers the parser and the loader one case at a time; this
// goes through the whole path the renderer uses (dispatcher → ProfileStore → files) with
// generated files, and checks what comes back over IPC.

const GOOD_SECRET = 'goodSecretKeyValueThatStaysInMain0123456';
const JUNK_SECRET = 'junkLineSecretThatMustNotBeQuoted9876543';
const GOOD_KEYS = `aws_access_key_id = AKIAGOODGOODGOODGOOD\naws_secret_access_key = ${GOOD_SECRET}`;

/** Lines that stress the parser: unclosed headers, NULs, secrets on malformed lines, names of prototype keys. */
const junkFragment = fc.constantFrom(
  '[profile',
  '[profile good',
  '[profile ]',
  '[]',
  '[[profile x]]',
  '[profile __proto__]',
  '[profile constructor]',
  '[__proto__]',
  '__proto__ = polluted',
  'constructor = polluted',
  'prototype =',
  '  polluted = yes',
  `aws_secret_access_key ${JUNK_SECRET}`,
  `[${JUNK_SECRET}`,
  JUNK_SECRET,
  'role_arn = arn:aws:iam::111111111111:role/x',
  'source_profile = good',
  'source_profile = __proto__',
  '\u0000\u0000\u0000',
  '[profile a\u0000b]',
  '\uFEFF[profile bom-in-the-middle]',
  '=',
  '   ',
  '#',
  ';;',
);
const junkLine = fc.oneof(junkFragment, fc.string({ unit: 'binary', maxLength: 80 }));
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');

/** A file: junk, then an intact good section, then a closing header, then more junk. */
function fileWith(goodSection: string): fc.Arbitrary<string> {
  return fc
    .record({
      bom: fc.boolean(),
      eol: lineEnd,
      before: fc.array(junkLine, { maxLength: 30 }),
      after: fc.array(junkLine, { maxLength: 30 }),
    })
    .map(({ bom, eol, before, after }) =>
      [
        bom ? '\uFEFF' : '',
        [...before, goodSection, '[profile closing]', ...after].join(eol).replace(/\n/g, eol),
      ].join(''),
    );
}

let dir: string;
let services: AppServices;
let dispatch: Dispatch;
const configFile = (): string => join(dir, 'config');
const credentialsFile = (): string => join(dir, 'credentials');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crossbucket-config-fuzz-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(configFile(), '');
  writeFileSync(credentialsFile(), '');
  services = await createServices({
    env: { HOME: dir, AWS_CONFIG_FILE: configFile(), AWS_SHARED_CREDENTIALS_FILE: credentialsFile() },
    platform: browserPlatform({ dataDir: join(dir, 'data'), version: '0.0.0-fuzz' }),
  });
  dispatch = createDispatcher(services.handlers);
});

afterAll(async () => {
  await services?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Reloads through IPC, then lists through IPC: both must answer with a snapshot. */
async function profilesOverIpc(): Promise<{ snapshot: ProfilesSnapshot; wire: string }> {
  const reloaded = (await dispatch('reloadProfiles', {})) as Result<ProfilesSnapshot>;
  const listed = (await dispatch('listProfiles', {})) as Result<ProfilesSnapshot>;
  if (!reloaded.ok || !listed.ok)
    throw new Error(`profiles request failed: ${JSON.stringify([reloaded, listed])}`);
  expect(listed.value).toEqual(reloaded.value);
  return { snapshot: listed.value, wire: JSON.stringify([reloaded, listed]) };
}

const named = (snapshot: ProfilesSnapshot, name: string): ProfileSummary | undefined =>
  snapshot.profiles.find((p) => p.name === name);

function expectClean(wire: string): void {
  expect(wire).not.toContain(GOOD_SECRET);
  expect(wire).not.toContain(JUNK_SECRET);
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('malformed config files through listProfiles and reloadProfiles', () => {
  it('keeps a good profile usable whatever junk surrounds it, and never echoes a line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fileWith('[profile good]\nregion = eu-west-1'),
        fileWith(`[good]\n${GOOD_KEYS}`),
        async (config, credentials) => {
          writeFileSync(configFile(), config);
          writeFileSync(credentialsFile(), credentials);
          const { snapshot, wire } = await profilesOverIpc();
          expect(named(snapshot, 'good')).toMatchObject({ kind: 'static', region: 'eu-west-1' });
          expect(named(snapshot, 'good')?.error).toBeUndefined();
          expectClean(wire);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('survives a 5 MB line without a line break and 10 MB of binary junk, and still lists the good profile', async () => {
    const noise = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + (i >> 8)) & 0xff;
    writeFileSync(
      configFile(),
      Buffer.concat([
        Buffer.from(`[profile huge]\nnote = ${'x'.repeat(5 * 1024 * 1024)}\n`),
        noise,
        Buffer.from('\n[profile good]\nregion = eu-west-1\n'),
      ]),
    );
    writeFileSync(credentialsFile(), `[good]\n${GOOD_KEYS}\n`);
    const started = Date.now();
    const { snapshot, wire } = await profilesOverIpc();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(named(snapshot, 'good')).toMatchObject({ kind: 'static', region: 'eu-west-1' });
    // A file full of junk yields a bounded list of problems, not millions of them over IPC.
    expect(wire.length).toBeLessThan(200_000);
    expectClean(wire);
  });

  it('reads UTF-16 and Latin-1 files as junk without failing, keeping the other file’s profiles', async () => {
    writeFileSync(configFile(), Buffer.from('\uFEFF[profile wide]\r\nregion = eu-west-1\r\n', 'utf16le'));
    writeFileSync(
      credentialsFile(),
      Buffer.concat([Buffer.from(`[good]\n${GOOD_KEYS}\n[caf`), Buffer.from([0xe9, 0x5d, 0x0a])]),
    );
    const { snapshot, wire } = await profilesOverIpc();
    expect(named(snapshot, 'good')).toMatchObject({ kind: 'static' });
    expectClean(wire);
  });

  it('answers with a file error, not a failure, when the config path is a folder', async () => {
    rmSync(configFile(), { force: true });
    mkdirSync(configFile());
    writeFileSync(credentialsFile(), `[good]\n${GOOD_KEYS}\n`);
    try {
      const { snapshot, wire } = await profilesOverIpc();
      expect(named(snapshot, 'good')).toMatchObject({ kind: 'static' });
      expect(snapshot.fileErrors.length).toBeGreaterThan(0);
      expectClean(wire);
    } finally {
      rmSync(configFile(), { recursive: true, force: true });
      writeFileSync(configFile(), '');
    }
  });

  it('treats prototype names as ordinary profile names', async () => {
    writeFileSync(
      configFile(),
      '[profile __proto__]\nregion = eu-west-1\n[profile constructor]\nsource_profile = __proto__\nrole_arn = arn:aws:iam::222222222222:role/r\n',
    );
    writeFileSync(credentialsFile(), `[__proto__]\n${GOOD_KEYS}\n[hasOwnProperty]\n${GOOD_KEYS}\n`);
    const { snapshot, wire } = await profilesOverIpc();
    expect(named(snapshot, '__proto__')).toMatchObject({ kind: 'static', region: 'eu-west-1' });
    expect(named(snapshot, 'constructor')).toMatchObject({
      kind: 'role',
      chain: ['__proto__', 'constructor'],
    });
    expect(named(snapshot, 'hasOwnProperty')).toMatchObject({ kind: 'static' });
    expectClean(wire);
  });
});
