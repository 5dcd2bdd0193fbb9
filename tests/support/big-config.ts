/**
 * A config as organisations that generate profiles from IAM Identity Center have them:
 * thousands of role profiles (an account × a role each) on one source profile, plus a few
 * broken ones (a source_profile loop, a missing source) that must not crowd the list.
 */
export const ROLES = ['Admin', 'Developer', 'ReadOnly', 'Billing', 'Deploy'] as const;
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'eu-central-1'] as const;

/** Profile name of the i-th generated role profile. */
export const roleProfileName = (i: number): string =>
  `acct-${String(Math.floor(i / ROLES.length)).padStart(4, '0')}-${ROLES[i % ROLES.length]!.toLowerCase()}`;

export interface BigConfigOptions {
  readonly roles: number;
  readonly source: string;
  /** Added to every profile (endpoint_url of a stand-in, in tests). */
  readonly extra?: Readonly<Record<string, string>>;
}

/** The role profiles as `name → settings`, in file order. */
export function roleProfiles({
  roles,
  source,
  extra = {},
}: BigConfigOptions): Record<string, Record<string, string>> {
  const profiles: Record<string, Record<string, string>> = {};
  for (let i = 0; i < roles; i++) {
    const account = String(100_000_000_000 + Math.floor(i / ROLES.length)).padStart(12, '0');
    profiles[roleProfileName(i)] = {
      role_arn: `arn:aws:iam::${account}:role/${ROLES[i % ROLES.length]}`,
      source_profile: source,
      region: REGIONS[i % REGIONS.length]!,
      ...extra,
    };
  }
  return profiles;
}

/** Broken profiles: a loop and a missing source, as configs grown by hand end up with. */
export const brokenProfiles = (): Record<string, Record<string, string>> => ({
  'broken-loop-a': { role_arn: 'arn:aws:iam::111111111111:role/a', source_profile: 'broken-loop-b' },
  'broken-loop-b': { role_arn: 'arn:aws:iam::111111111111:role/b', source_profile: 'broken-loop-a' },
  'broken-orphan': { role_arn: 'arn:aws:iam::111111111111:role/c', source_profile: 'gone' },
});

/** The whole config file text: a source profile with keys in `[profile base]`, then the rest. */
export function bigConfigText(roles: number): string {
  const sections = [
    '[profile base]\naws_access_key_id = AKIABENCHBENCHBENCH\naws_secret_access_key = bench-secret\nregion = eu-west-1\n',
  ];
  for (const [name, settings] of Object.entries({
    ...roleProfiles({ roles, source: 'base' }),
    ...brokenProfiles(),
  })) {
    sections.push(
      `[profile ${name}]\n${Object.entries(settings)
        .map(([k, v]) => `${k} = ${v}`)
        .join('\n')}\n`,
    );
  }
  return sections.join('\n');
}
