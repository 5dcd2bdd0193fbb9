import type { ProfilesSnapshot } from '../../shared/models/profile';
import type { EventSink } from '../events/event-sink';
import { log } from '../security/log';
import type { ResolvedProfile } from './profile-model';
import { configFilePaths, type Env, readConfigFiles } from './read-config-files';
import { defaultProfileOf, resolveProfiles } from './resolve-profiles';
import { type SsoLoginConfig, ssoLoginsOf } from './sso-logins';
import { type FileWatch, watchFiles } from './watch-files';

export interface ProfileStoreOptions {
  readonly env: Env;
  readonly sink: EventSink;
  /** Quiet time after the last file event before re-reading: editors save in several steps. */
  readonly debounceMs?: number;
}

export interface LoadedProfiles {
  readonly snapshot: ProfilesSnapshot;
  readonly resolved: readonly ResolvedProfile[];
  /** The IAM Identity Center sign-ins the files describe (main-only: the SSO service shows them). */
  readonly ssoLogins: readonly SsoLoginConfig[];
}

/** Reads both files and resolves every profile. Never throws: problems end up in the snapshot. */
export async function readProfiles(env: Env): Promise<LoadedProfiles> {
  const files = await readConfigFiles(env);
  const resolved = resolveProfiles(files, env);
  const defaultProfile = defaultProfileOf(files, env);
  const snapshot: ProfilesSnapshot = {
    profiles: resolved.map((profile) => profile.summary),
    configFile: files.configFile,
    credentialsFile: files.credentialsFile,
    defaultProfile: defaultProfile.name,
    fileErrors: defaultProfile.error ? [...files.fileErrors, defaultProfile.error] : files.fileErrors,
  };
  return { snapshot, resolved, ssoLogins: ssoLoginsOf(files, env) };
}

/**
 * Compares everything sessions depend on, including main-only values (an edited external_id
 * changes no summary but must still reach open sessions through the event).
 */
const fingerprint = (loaded: LoadedProfiles): string =>
  JSON.stringify([
    loaded.resolved,
    loaded.snapshot.defaultProfile,
    loaded.snapshot.fileErrors,
    loaded.ssoLogins,
  ]);

/** The profiles as last read from disk, re-read when the files change. */
export class ProfileStore {
  readonly #env: Env;
  readonly #sink: EventSink;
  readonly #debounceMs: number;
  #snapshot: ProfilesSnapshot;
  #byName: ReadonlyMap<string, ResolvedProfile> = new Map();
  #ssoLogins: readonly SsoLoginConfig[] = [];
  #fingerprint = '';
  // Reloads run one after another so a slow read never overwrites a newer one.
  #queue: Promise<unknown> = Promise.resolve();
  #watch: FileWatch | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: ProfileStoreOptions) {
    this.#env = options.env;
    this.#sink = options.sink;
    this.#debounceMs = options.debounceMs ?? 200;
    const paths = configFilePaths(options.env);
    this.#snapshot = {
      profiles: [],
      configFile: paths.config,
      credentialsFile: paths.credentials,
      fileErrors: [],
    };
  }

  /** Re-reads the files now and returns the new snapshot. */
  async load(): Promise<ProfilesSnapshot> {
    await this.#reload();
    return this.#snapshot;
  }

  /** The last snapshot read; empty before the first `load()`. */
  snapshot(): ProfilesSnapshot {
    return this.#snapshot;
  }

  get(name: string): ResolvedProfile | undefined {
    return this.#byName.get(name);
  }

  /** The IAM Identity Center sign-ins of the last read, in file order. */
  ssoLogins(): readonly SsoLoginConfig[] {
    return this.#ssoLogins;
  }

  /** Starts watching both files; emits `profilesChanged` after an edit that changes anything. */
  watch(): void {
    if (this.#watch || this.#disposed) return;
    const paths = configFilePaths(this.#env);
    this.#watch = watchFiles([paths.config, paths.credentials], () => this.#scheduleReload());
  }

  dispose(): void {
    this.#disposed = true;
    this.#watch?.close();
    this.#watch = undefined;
    clearTimeout(this.#timer);
  }

  #scheduleReload(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      void this.#reload().then(
        (changed) => {
          if (changed && !this.#disposed) this.#sink.emit('profilesChanged', this.#snapshot);
        },
        (err: unknown) => log.error('Reloading AWS profiles failed:', err),
      );
    }, this.#debounceMs);
  }

  /** Resolves true when the result differs from what was there before. */
  #reload(): Promise<boolean> {
    const run = this.#queue.then(async () => {
      const loaded = await readProfiles(this.#env);
      const next = fingerprint(loaded);
      const changed = next !== this.#fingerprint;
      this.#fingerprint = next;
      this.#snapshot = loaded.snapshot;
      this.#byName = new Map(loaded.resolved.map((profile) => [profile.summary.name, profile]));
      this.#ssoLogins = loaded.ssoLogins;
      return changed;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
