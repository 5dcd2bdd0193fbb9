import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventSink } from '../../../src/main/events/event-sink';
import { ProfileStore } from '../../../src/main/profiles/profile-store';
import type { ProfilesSnapshot } from '../../../src/shared/models/profile';
import { awsHome } from './aws-home';

const keys = 'aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n';

/** Collects profilesChanged payloads and lets a test wait for the next one. */
function recorder() {
  const seen: ProfilesSnapshot[] = [];
  let wake: (() => void) | undefined;
  const sink: EventSink = {
    emit(event, payload) {
      if (event === 'profilesChanged') {
        seen.push(payload as ProfilesSnapshot);
        wake?.();
      }
    },
  };
  const next = (count: number, timeoutMs = 5000): Promise<ProfilesSnapshot> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${seen.length} profilesChanged events`)),
        timeoutMs,
      );
      const check = () => {
        const snapshot = seen[count - 1];
        if (snapshot) {
          clearTimeout(timer);
          resolve(snapshot);
        }
      };
      wake = check;
      check();
    });
  return { seen, sink, next };
}

const stores: ProfileStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
});

const names = (snapshot: ProfilesSnapshot) => snapshot.profiles.map((p) => p.name);
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ProfileStore', () => {
  it('loads a snapshot and looks resolved profiles up by name', async () => {
    const home = await awsHome({
      config:
        '[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = k\nexternal_id = e\n',
      credentials: `[k]\n${keys}`,
    });
    const store = new ProfileStore({ env: home.env, sink: recorder().sink });
    stores.push(store);
    expect(store.snapshot().profiles).toEqual([]);
    const snapshot = await store.load();
    expect(names(snapshot)).toEqual(['r', 'k']);
    expect(store.snapshot()).toBe(snapshot);
    expect(store.get('r')?.steps[0]?.externalId).toBe('e');
    expect(store.get('nope')).toBeUndefined();
  });

  it('emits profilesChanged after an edit, an atomic replace, and a file created later', async () => {
    const home = await awsHome({ config: `[profile first]\n${keys}` });
    const events = recorder();
    const store = new ProfileStore({ env: home.env, sink: events.sink, debounceMs: 50 });
    stores.push(store);
    await store.load();
    store.watch();

    await writeFile(home.configPath, `[profile first]\n${keys}[profile second]\n${keys}`);
    expect(names(await events.next(1))).toEqual(['first', 'second']);

    // Editors such as vim save to a temporary file and rename it over the original.
    const temp = join(home.home, '.aws', 'config.tmp');
    await writeFile(temp, `[profile replaced]\n${keys}`);
    await rename(temp, home.configPath);
    expect(names(await events.next(2))).toEqual(['replaced']);

    await writeFile(home.credentialsPath, `[from-credentials]\n${keys}`);
    expect(names(await events.next(3))).toEqual(['replaced', 'from-credentials']);
    expect(store.get('from-credentials')?.summary.kind).toBe('static');
  });

  it('notices a config file whose directory does not exist yet', async () => {
    const home = await awsHome({});
    const configPath = join(home.home, 'later', 'config');
    const events = recorder();
    const store = new ProfileStore({
      env: { ...home.env, AWS_CONFIG_FILE: configPath },
      sink: events.sink,
      debounceMs: 50,
    });
    stores.push(store);
    await store.load();
    store.watch();
    await mkdir(join(home.home, 'later'));
    await writeFile(configPath, `[profile late]\n${keys}`);
    expect(names(await events.next(1))).toEqual(['late']);
  });

  it('stays quiet when a write changes nothing that matters', async () => {
    const home = await awsHome({ config: `[profile same]\n${keys}` });
    const events = recorder();
    const store = new ProfileStore({ env: home.env, sink: events.sink, debounceMs: 50 });
    stores.push(store);
    await store.load();
    store.watch();
    await writeFile(home.configPath, `# a comment\n[profile same]\n${keys}`);
    await settle(600);
    expect(events.seen).toEqual([]);
    await rm(home.configPath);
    expect(names(await events.next(1))).toEqual([]);
  });

  it('stops emitting after dispose', async () => {
    const home = await awsHome({ config: `[profile a]\n${keys}` });
    const events = recorder();
    const store = new ProfileStore({ env: home.env, sink: events.sink, debounceMs: 50 });
    await store.load();
    store.watch();
    store.dispose();
    await writeFile(home.configPath, `[profile b]\n${keys}`);
    await settle(600);
    expect(events.seen).toEqual([]);
  });
});
