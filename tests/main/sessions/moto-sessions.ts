// Hooks shared by the SessionStore-against-moto suites.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ResolvedProfile } from '../../../src/main/profiles/profile-model';
import { readProfiles } from '../../../src/main/profiles/profile-store';
import type { SessionStore } from '../../../src/main/sessions/session-store';
import { createWorld, type World, type WorldSpec } from '../../support/aws-world';

export interface MotoSessions {
  readonly world: World;
  readonly profiles: readonly ResolvedProfile[];
  /** Closes `store` after the current test. */
  track(store: SessionStore): void;
}

/**
 * Registers, for the file, a world made from `spec` and its profiles before the tests and
 * disposed after them. After each test the tracked stores are closed and moto's recording is
 * cleared, so that a test sees only its own calls.
 */
export function setUpMotoSessions(spec: WorldSpec): MotoSessions {
  let world: World | undefined;
  let profiles: readonly ResolvedProfile[] = [];
  const stores: SessionStore[] = [];
  beforeAll(async () => {
    world = await createWorld(spec);
    profiles = (await readProfiles(world.env)).resolved;
  });
  afterAll(() => world?.dispose());
  afterEach(async () => {
    for (const store of stores.splice(0)) store.closeAll();
    await ready().moto.clearRecording();
  });
  // A getter, because the tests are collected before beforeAll has made the world.
  const ready = (): World => {
    if (!world) throw new Error('the world is made in beforeAll: use it inside hooks and tests');
    return world;
  };
  return {
    get world() {
      return ready();
    },
    get profiles() {
      return profiles;
    },
    track(store) {
      stores.push(store);
    },
  };
}
