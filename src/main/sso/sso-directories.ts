import { toAppError } from '../../shared/errors/to-app-error';
import type { SsoDirectory, SsoRoleRef } from '../../shared/models/sso';
import type { SsoLoginConfig } from '../profiles/sso-logins';
import { discoverAccounts } from './discovery';
import type { PortalApiFactory } from './sso-apis';

export interface SsoDirectoriesDeps {
  readonly portal: PortalApiFactory;
  readonly accessToken: (login: SsoLoginConfig) => Promise<string>;
  /** Something changed that the window should see. */
  readonly changed: () => void;
  /** The listing found the sign-in refused: its state has to be read again. */
  readonly refused: (login: SsoLoginConfig) => void;
}

/** While roles are listed, the window hears about them at most this often (hundreds of accounts). */
const PROGRESS_EVERY_MS = 150;

/** The accounts and roles each signed-in sign-in grants, listed in the background. */
export class SsoDirectories {
  readonly #deps: SsoDirectoriesDeps;
  #progressTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #byLogin = new Map<string, SsoDirectory>();
  /** Bumped when a listing is dropped, so a listing still running cannot bring it back. */
  readonly #generation = new Map<string, number>();

  constructor(deps: SsoDirectoriesDeps) {
    this.#deps = deps;
  }

  all(): readonly SsoDirectory[] {
    return [...this.#byLogin.values()];
  }

  accountName(role: SsoRoleRef): string | undefined {
    return this.#byLogin.get(role.loginId)?.accounts.find((a) => a.accountId === role.accountId)?.accountName;
  }

  delete(loginId: string): void {
    this.#generation.set(loginId, (this.#generation.get(loginId) ?? 0) + 1);
    if (this.#byLogin.delete(loginId)) this.#changedNow();
  }

  dispose(): void {
    clearTimeout(this.#progressTimer);
  }

  #progress(): void {
    this.#progressTimer ??= setTimeout(() => this.#changedNow(), PROGRESS_EVERY_MS);
  }

  #changedNow(): void {
    clearTimeout(this.#progressTimer);
    this.#progressTimer = undefined;
    this.#deps.changed();
  }

  /** Lists everything again; a listing already running for the sign-in is left to finish. */
  load(login: SsoLoginConfig): void {
    if (this.#byLogin.get(login.id)?.status === 'loading') return;
    const generation = this.#generation.get(login.id) ?? 0;
    const previous = (): SsoDirectory['accounts'] => this.#byLogin.get(login.id)?.accounts ?? [];
    const put = (directory: SsoDirectory): void => {
      if ((this.#generation.get(login.id) ?? 0) !== generation) return;
      this.#byLogin.set(login.id, directory);
      if (directory.status === 'loading' && directory.accounts.length > 0) this.#progress();
      else this.#changedNow();
    };
    put({ loginId: login.id, status: 'loading', accounts: previous() });
    void discoverAccounts(login, {
      portal: this.#deps.portal({ region: login.region, endpoint: login.endpoints.portal }),
      accessToken: () => this.#deps.accessToken(login),
      onProgress: (accounts) => put({ loginId: login.id, status: 'loading', accounts }),
    }).then(
      (accounts) => put({ loginId: login.id, status: 'ready', accounts }),
      (err: unknown) => {
        const error = toAppError(err);
        put({ loginId: login.id, status: 'error', accounts: previous(), error });
        if (error.code === 'sso-sign-in-required') this.#deps.refused(login);
      },
    );
  }
}
