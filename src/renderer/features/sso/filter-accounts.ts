import type { SsoAccount } from '../../../shared/models/sso';

/** An account with only the roles that matched; all of them when the account itself matched. */
export interface AccountMatch {
  readonly account: SsoAccount;
  readonly roles: readonly string[];
}

const words = (filter: string): readonly string[] =>
  filter
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');

/**
 * The search of the accounts tree: every word must appear in the account (name, ID, email)
 * or in a role name, so `prod read` finds ReadOnly in Production. An empty filter keeps all.
 */
export function filterAccounts(accounts: readonly SsoAccount[], filter: string): readonly AccountMatch[] {
  const terms = words(filter);
  const all = (account: SsoAccount): AccountMatch => ({ account, roles: account.roles ?? [] });
  if (terms.length === 0) return accounts.map(all);
  return accounts.flatMap((account) => {
    const about = `${account.accountName} ${account.accountId} ${account.emailAddress ?? ''}`.toLowerCase();
    const roles = (account.roles ?? []).filter((role) =>
      terms.every((term) => about.includes(term) || role.toLowerCase().includes(term)),
    );
    if (terms.every((term) => about.includes(term))) return [all(account)];
    return roles.length > 0 ? [{ account, roles }] : [];
  });
}
