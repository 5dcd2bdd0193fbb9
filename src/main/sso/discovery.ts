import { toAppError } from '../../shared/errors/to-app-error';
import type { SsoAccount } from '../../shared/models/sso';
import type { SsoLoginConfig } from '../profiles/sso-logins';
import { mapConcurrent } from '../s3/map-concurrent';
import type { PortalApi } from './sso-apis';
import { portalFailure } from './sso-failures';

/** Role lists fetched at once: quick for a few dozen accounts, gentle on the portal's rate limit. */
const ROLE_LISTS_IN_FLIGHT = 4;
/** A guard against a portal that keeps handing out next tokens. */
const MAX_PAGES = 1000;

export interface DiscoveryDeps {
  readonly portal: PortalApi;
  /** Asked before every call, so a refresh during a long listing is picked up. */
  readonly accessToken: () => Promise<string>;
  /** Each time more is known: accounts first (roles pending), then each account's roles. */
  readonly onProgress: (accounts: readonly SsoAccount[]) => void;
}

async function allPages<T>(
  fetch: (next?: string) => Promise<{ items: readonly T[]; nextToken?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await fetch(next);
    items.push(...answer.items);
    next = answer.nextToken;
    if (!next) break;
  }
  return items;
}

const byName = (a: SsoAccount, b: SsoAccount): number =>
  a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId);

/**
 * Every account the sign-in grants (ListAccounts, all pages) and each account's roles
 * (ListAccountRoles, all pages). One account's failure is kept on that account; a failure to
 * list the accounts themselves is thrown.
 */
export async function discoverAccounts(
  login: SsoLoginConfig,
  deps: DiscoveryDeps,
): Promise<readonly SsoAccount[]> {
  const found = await allPages(async (next) => {
    try {
      const page = await deps.portal.listAccounts(await deps.accessToken(), next);
      return { items: page.accounts, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    } catch (err) {
      throw portalFailure(err, login, 'sso:ListAccounts');
    }
  });
  const accounts: SsoAccount[] = found
    .map((a) => ({
      accountId: a.accountId,
      accountName: a.accountName,
      ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
    }))
    .sort(byName);
  deps.onProgress([...accounts]);

  await mapConcurrent(accounts, ROLE_LISTS_IN_FLIGHT, async (account, index) => {
    try {
      const roles = await allPages(async (next) => {
        const page = await deps.portal.listAccountRoles(await deps.accessToken(), account.accountId, next);
        return { items: page.roles, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
      });
      accounts[index] = { ...account, roles: [...roles].sort((a, b) => a.localeCompare(b)) };
    } catch (err) {
      const failure = portalFailure(err, login, 'sso:ListAccountRoles', account.accountId);
      // A refused token ends the whole listing: every other call would fail the same way.
      if (failure.appError.code === 'sso-sign-in-required') throw failure;
      accounts[index] = { ...account, roles: [], rolesError: toAppError(failure) };
    }
    deps.onProgress([...accounts]);
  });
  return accounts;
}
