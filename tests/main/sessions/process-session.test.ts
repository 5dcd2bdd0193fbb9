// A credential_process session: the process's Expiration is the session's countdown, and the
// renewal before it ends runs the process again; without an Expiration the keys never expire
// (as in the CLI). The process is real; only the clock and STS are stand-ins.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResolvedProfile } from '../../../src/main/profiles/profile-model';
import { MfaBroker } from '../../../src/main/sessions/mfa-broker';
import { RENEW_LEAD_MS, SessionStore } from '../../../src/main/sessions/session-store';
import { FakeSts, ROOT_KEYS, resolved } from '../credentials/fake-sts';
import { ManualClock, RecordingSink } from './test-doubles';

const START = Date.parse('2030-01-01T00:00:00Z');
const HOUR = 3600_000;

/** Counts its runs and prints the expiration the test put in a file (none when it is empty). */
const SCRIPT = `#!/bin/sh
dir=$(dirname "$0")
echo run >> "$dir/runs"
expiry=$(cat "$dir/expiry")
printf '{"Version": 1, "AccessKeyId": "${ROOT_KEYS.accessKeyId}", "SecretAccessKey": "${ROOT_KEYS.secretAccessKey}"'
if [ -n "$expiry" ]; then printf ', "SessionToken": "tok", "Expiration": "%s"' "$expiry"; fi
printf '}\\n'
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crossbucket-process-session-'));
  await writeFile(join(dir, 'creds.sh'), SCRIPT);
  await chmod(join(dir, 'creds.sh'), 0o755);
  await writeFile(join(dir, 'config'), `[profile proc]\nCREDENTIAL_PROCESS = "${join(dir, 'creds.sh')}"\n`);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const runs = async () => (await readFile(join(dir, 'runs'), 'utf8')).trim().split('\n').length;

function setup() {
  const sink = new RecordingSink();
  const clock = new ManualClock(START);
  const sts = new FakeSts(() => clock.now());
  const profile: ResolvedProfile = resolved('proc', [], { root: { kind: 'process', profile: 'proc' } });
  const store = new SessionStore({
    getProfile: (name) => (name === 'proc' ? profile : undefined),
    sink,
    mfa: new MfaBroker(sink),
    clock,
    env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
    sts: sts.factory,
  });
  return { store, clock };
}

describe('credential_process sessions', () => {
  it('count down to the Expiration and renew by running the process again before it', async () => {
    await writeFile(join(dir, 'expiry'), '2030-01-01T01:00:00Z');
    const { store, clock } = setup();
    const opened = await store.open('proc');
    expect(opened.expiresAt).toBe(new Date(START + HOUR).toISOString());
    expect(await runs()).toBe(1);

    // The next run hands out credentials for another hour, in the older `UTC` spelling.
    await writeFile(join(dir, 'expiry'), '2030-01-01T02:00:00UTC');
    await clock.advance(HOUR - RENEW_LEAD_MS);
    await vi.waitFor(async () => expect(await runs()).toBe(2), { timeout: 20_000 });
    await vi.waitFor(() =>
      expect(store.list()[0]).toMatchObject({
        status: 'active',
        expiresAt: new Date(START + 2 * HOUR).toISOString(),
      }),
    );
  });

  it('never expire without an Expiration, and are not run again', async () => {
    await writeFile(join(dir, 'expiry'), '');
    const { store, clock } = setup();
    const opened = await store.open('proc');
    expect(opened.expiresAt).toBeUndefined();
    expect(clock.pending()).toBe(0);
    await clock.advance(48 * HOUR);
    await expect(store.credentials(opened.sessionId)).resolves.toMatchObject({
      accessKeyId: ROOT_KEYS.accessKeyId,
    });
    expect(await runs()).toBe(1);
  });
});
