// Config files that the AWS CLI reads one way must not be read another way by Crossbucket. The
// machine's botocore is the reference: the same files go through its config loader and its
// assume-role provider, and the two readings are compared setting by setting.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combineFiles } from '../../../src/main/profiles/combine-files';
import { readProfiles } from '../../../src/main/profiles/profile-store';
import { probeBotocore, pythonJson } from '../../support/botocore';

const botocore = probeBotocore();
if (!botocore.found) console.warn(`Skipping the comparison with the AWS CLI: ${botocore.reason}`);

/** For each config file: every profile's settings as botocore keeps them, and its role config. */
const BOTOCORE_READING = `
import json, sys
from botocore.session import Session

out = []
for path in json.loads(sys.argv[1]):
    session = Session()
    session.set_config_variable('config_file', path)
    session.set_config_variable('credentials_file', path + '.missing')
    config = session.full_config
    provider = session.get_component('credential_provider').get_provider('assume-role')
    provider._loaded_config = config
    profiles = {}
    for name, settings in config.get('profiles', {}).items():
        role = None
        if 'role_arn' in settings:
            try:
                role = provider._get_role_config(name)
            except Exception as error:
                role = {'error': type(error).__name__}
        profiles[name] = {'settings': settings, 'role': role}
    out.append(profiles)
print(json.dumps(out))
`;

interface BotocoreProfile {
  readonly settings: Record<string, string>;
  readonly role: {
    readonly duration_seconds?: number;
    readonly role_arn?: string;
    readonly error?: string;
  } | null;
}

const KEYS =
  'aws_access_key_id = AKIAFIDELITY0000001\naws_secret_access_key = fidelitySecret0000000000000000000000000\n';
const ROLE = 'arn:aws:iam::111111111111:role/fidelity';

/** Settings written in a given letter case and with `=` or `:`, as people write them. */
const option = fc.record({
  name: fc.constantFrom('role_arn', 'source_profile', 'region', 'external_id', 'role_session_name'),
  caseOf: fc.constantFrom('lower', 'upper', 'title', 'mixed'),
  delimiter: fc.constantFrom(' = ', '=', ': ', ':', ' : '),
});

const cased = (name: string, how: string): string => {
  switch (how) {
    case 'upper':
      return name.toUpperCase();
    case 'title':
      return name.replace(/(^|_)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
    case 'mixed':
      return [...name].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
    default:
      return name;
  }
};

const valueFor: Readonly<Record<string, string>> = {
  role_arn: ROLE,
  source_profile: 'base',
  region: 'eu-west-1',
  external_id: 'ext:with:colons',
  role_session_name: 'fidelity',
};

const generatedConfig = fc
  .record({ options: fc.uniqueArray(option, { selector: (o) => o.name, minLength: 1, maxLength: 5 }) })
  .map(
    ({ options }) =>
      `[profile base]\n${KEYS}[profile generated]\n${options
        .map((o) => `${cased(o.name, o.caseOf)}${o.delimiter}${valueFor[o.name]}`)
        .join('\n')}\n`,
  );

const HAND_WRITTEN = [
  // Option names in capitals, in the credentials-file style some tools write.
  `[profile upper]\nAWS_ACCESS_KEY_ID = AKIAFIDELITY0000002\nAWS_Secret_Access_Key = fidelitySecret0000000000000000000000002\nRegion = us-west-2\n`,
  // A role written with colons, keys with mixed case.
  `[profile base]\n${KEYS}[profile colon]\nRole_Arn: ${ROLE}\nsource_profile: base\nregion:eu-west-1\n`,
  // duration_seconds the CLI cannot read as a number, and ones it can.
  ...['abc', '3600.5', '1_800', '+1800', '0x10', '1,800', '18 00', '2_700', '１８００'].map(
    (duration) =>
      `[profile base]\n${KEYS}[profile timed]\nrole_arn = ${ROLE}\nsource_profile = base\nduration_seconds = ${duration}\n`,
  ),
];

describe.skipIf(!botocore.found)('reading config files as the AWS CLI does', () => {
  let dir = '';
  const paths: string[] = [];
  const texts = [...HAND_WRITTEN, ...fc.sample(generatedConfig, { numRuns: 40, seed: 12 })];
  let readings: Record<string, BotocoreProfile>[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crossbucket-fidelity-'));
    for (const [i, text] of texts.entries()) {
      const path = join(dir, `config-${i}`);
      await writeFile(path, text);
      paths.push(path);
    }
    readings = await pythonJson(BOTOCORE_READING, { HOME: dir }, [JSON.stringify(paths)]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sees the same profiles and settings, whatever the case of the names and the delimiter', () => {
    for (const [i, text] of texts.entries()) {
      const ours = combineFiles({ path: paths[i] ?? '', text }, { path: `${paths[i]}.missing` });
      const theirs = readings[i] ?? {};
      expect(ours.fileErrors, text).toEqual([]);
      expect([...ours.profiles.keys()].sort(), text).toEqual(Object.keys(theirs).sort());
      for (const [name, profile] of ours.profiles) {
        expect(Object.fromEntries(profile.values), `${name} in\n${text}`).toEqual(theirs[name]?.settings);
      }
    }
  });

  it('asks for the duration the CLI asks for, and warns where the CLI silently falls back', async () => {
    for (const [i, text] of texts.entries()) {
      const theirs = readings[i] ?? {};
      const loaded = await readProfiles({
        HOME: dir,
        AWS_CONFIG_FILE: paths[i],
        AWS_SHARED_CREDENTIALS_FILE: `${paths[i]}.missing`,
      });
      for (const resolved of loaded.resolved) {
        const role = theirs[resolved.summary.name]?.role;
        if (!role) continue;
        const label = `${resolved.summary.name} in\n${text}`;
        // A role with no source is refused by both.
        expect(resolved.summary.error !== undefined, label).toBe(role.error !== undefined);
        if (role.error) continue;
        const step = resolved.steps.at(-1);
        expect(step?.roleArn, label).toBe(role.role_arn);
        expect(step?.durationSeconds, label).toBe(role.duration_seconds);
        const setting = Object.entries(theirs[resolved.summary.name]?.settings ?? {}).find(
          ([key]) => key === 'duration_seconds',
        );
        const ignored = setting !== undefined && role.duration_seconds === undefined;
        expect(resolved.summary.warnings?.some((w) => w.includes('duration_seconds')) ?? false, label).toBe(
          ignored,
        );
      }
    }
  });
});
