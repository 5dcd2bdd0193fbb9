import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineFiles } from '../../../src/main/profiles/combine-files';
import { defaultProfileOf, resolveProfiles } from '../../../src/main/profiles/resolve-profiles';

// Fragments that make random text look like real config, so generated files reach the resolver.
const fragment = fc.constantFrom(
  '[default]',
  '[profile a]',
  '[profile b]',
  '[profile "c d"]',
  '[sso-session s]',
  '[services x]',
  'role_arn = arn:aws:iam::111111111111:role/r',
  'role_arn = junk',
  'source_profile = a',
  'source_profile = b',
  'source_profile = default',
  'credential_source = Environment',
  'aws_access_key_id = AKIA',
  'aws_secret_access_key = SECRETSECRET',
  'sso_session = s',
  'sso_account_id = 111111111111',
  'services = x',
  's3 =',
  '  endpoint_url = http://h:1',
  'duration_seconds = 900',
  '[',
  '=',
  '  = x',
);
const line = fc.oneof(fragment, fc.string({ unit: 'binary', maxLength: 30 }));
const file = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));

describe('any input', () => {
  it('never throws, and never leaks a secret into a summary', () => {
    fc.assert(
      fc.property(file, file, (config, credentials) => {
        const files = combineFiles(
          { path: 'config', text: config },
          { path: 'credentials', text: credentials },
        );
        const resolved = resolveProfiles(files, { AWS_PROFILE: 'a' });
        defaultProfileOf(files, { AWS_PROFILE: 'a' });
        const summaries = JSON.stringify(resolved.map((profile) => profile.summary));
        expect(summaries).not.toContain('SECRETSECRET');
        expect(resolved.length).toBe(files.profiles.size);
      }),
      { numRuns: 500 },
    );
  });
});
