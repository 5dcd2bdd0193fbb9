import { useState } from 'react';
import type { SsoDirectory, SsoLogin, SsoRoleRef } from '../../../shared/models/sso';
import { ssoRoleSource } from '../../../shared/models/sso';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSessionsStore } from '../../stores/sessions-store';
import { useSsoStore } from '../../stores/sso-store';
import { useFocusedPane } from '../../stores/workspace-store';
import { openProfileInFocusedPane } from '../session/open-in-pane';
import { filterAccounts } from './filter-accounts';
import { ProfileBlockDialog } from './ProfileBlockDialog';

interface Props {
  readonly login: SsoLogin;
  readonly directory?: SsoDirectory;
}

/** Two overlapping sheets: the usual "copy" mark, drawn so it needs no icon font. */
const CopyIcon = () => (
  <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
    <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    <path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" strokeWidth="1.5" />
  </svg>
);

/** Below this many accounts every account shows its roles; above it they open on demand. */
const OPEN_UP_TO = 6;

/** Every account and role a sign-in grants, searchable; a click opens a role in the focused pane. */
export function SsoAccountTree({ login, directory }: Props) {
  const filter = useSsoStore((s) => s.filter);
  const setFilter = useSsoStore((s) => s.setFilter);
  const refresh = useSsoStore((s) => s.refreshDirectory);
  const allRecent = useSsoStore((s) => s.snapshot.recent);
  const recent = allRecent.filter((r) => r.loginId === login.id);
  const sessions = useSessionsStore((s) => s.sessions);
  const focusedPane = useFocusedPane();
  const [blockFor, setBlockFor] = useState<{ role: SsoRoleRef; label: string }>();

  const accounts = directory?.accounts ?? [];
  const matches = filterAccounts(accounts, filter);
  const openSources = new Set(Object.values(sessions).map((s) => s.source));
  const listed = accounts.filter((a) => a.roles !== undefined).length;

  const roleButtons = (role: SsoRoleRef, label: string, account?: string) => {
    const source = ssoRoleSource(role);
    return (
      <>
        <button
          type="button"
          className="sso-role__open"
          aria-busy={focusedPane.opening === source || undefined}
          aria-label={`Open ${label}`}
          onClick={() => void openProfileInFocusedPane(source)}
        >
          {openSources.has(source) ? (
            <span className="profile-row__open" title="A session is open">
              <span className="visually-hidden">(session open)</span>
            </span>
          ) : null}
          <span className="sso-role__name">{role.roleName}</span>
          {account ? <span className="sso-role__account muted">{account}</span> : null}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Copy profile block for ${label}`}
          title="Copy a [profile] block for ~/.aws/config"
          onClick={() => setBlockFor({ role, label })}
        >
          <CopyIcon />
        </button>
      </>
    );
  };

  return (
    <div className="sso-tree">
      {recent.length > 0 ? (
        <section aria-label={`Recent roles of ${login.id}`}>
          <h3 className="sso-tree__heading">Recent</h3>
          <ul className="sso-tree__roles">
            {recent.map((r) => {
              const label = `${r.roleName} in ${r.accountName ?? r.accountId}`;
              return (
                <li key={`${r.accountId}/${r.roleName}`} className="sso-role">
                  {roleButtons(r, label, r.accountName ?? r.accountId)}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <div className="sso-tree__search">
        <input
          className="input"
          type="search"
          placeholder="Find account or role"
          aria-label={`Search accounts and roles of ${login.id}`}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && filter) {
              e.preventDefault();
              setFilter('');
            }
          }}
        />
        <button
          type="button"
          className="icon-button"
          aria-label={`List the accounts of ${login.id} again`}
          title="List accounts and roles again"
          disabled={directory?.status === 'loading'}
          onClick={() => void refresh(login.id)}
        >
          ⟳
        </button>
      </div>
      {directory?.status === 'loading' ? (
        <p className="muted sso-tree__status" role="status">
          {accounts.length === 0
            ? 'Listing accounts…'
            : `Listing roles… ${listed} of ${accounts.length} accounts`}
        </p>
      ) : null}
      {directory?.error ? <ErrorNotice error={directory.error} compact /> : null}
      {directory?.status === 'ready' && accounts.length === 0 ? (
        <p className="muted sso-tree__status">This sign-in has no AWS accounts assigned.</p>
      ) : null}
      {accounts.length > 0 && matches.length === 0 ? (
        <p className="muted sso-tree__status">No account or role matches “{filter}”.</p>
      ) : null}
      <ul className="sso-tree__accounts" aria-label={`Accounts of ${login.id}`}>
        {matches.map(({ account, roles }) => (
          <li key={account.accountId} className="sso-account">
            <details open={filter !== '' || accounts.length <= OPEN_UP_TO}>
              <summary className="sso-account__summary">
                <span className="sso-account__name">{account.accountName}</span>
                <span className="sso-account__id mono muted">{account.accountId}</span>
                {account.emailAddress ? (
                  <span className="sso-account__email muted" title={account.emailAddress}>
                    {account.emailAddress}
                  </span>
                ) : null}
              </summary>
              {account.rolesError ? <ErrorNotice error={account.rolesError} compact /> : null}
              {account.roles === undefined ? <p className="muted sso-tree__status">Listing roles…</p> : null}
              <ul className="sso-tree__roles" aria-label={`Roles in ${account.accountName}`}>
                {roles.map((roleName) => (
                  <li key={roleName} className="sso-role">
                    {roleButtons(
                      { loginId: login.id, accountId: account.accountId, roleName },
                      `${roleName} in ${account.accountName} (${account.accountId})`,
                    )}
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
      {blockFor ? (
        <ProfileBlockDialog
          role={blockFor.role}
          label={blockFor.label}
          legacy={login.kind === 'legacy'}
          onClose={() => setBlockFor(undefined)}
        />
      ) : null}
    </div>
  );
}
