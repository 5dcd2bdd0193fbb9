import type { SsoRecentRole } from '../../shared/models/sso';
import { RecentList } from '../sessions/recent-list';

export const RECENT_SSO_ROLES_FILE = 'recent-sso-roles.json';
export const MAX_RECENT_SSO_ROLES = 12;

const text = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** Exactly the fields of a recent role, each checked; anything else is dropped. */
function parse(value: unknown): SsoRecentRole | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!text(v.loginId, 2048) || !text(v.accountId, 12) || !/^\d{12}$/.test(v.accountId)) return undefined;
  if (!text(v.roleName, 64) || !/^[\w+=,.@-]+$/.test(v.roleName)) return undefined;
  if (!text(v.openedAt, 40) || Number.isNaN(Date.parse(v.openedAt))) return undefined;
  return {
    loginId: v.loginId,
    accountId: v.accountId,
    roleName: v.roleName,
    ...(text(v.accountName, 256) ? { accountName: v.accountName } : {}),
    openedAt: v.openedAt,
  };
}

/** The Identity Center roles opened last, newest first: account and role names only, no credentials. */
export class RecentSsoRoles extends RecentList<SsoRecentRole> {
  constructor(dataDir: string) {
    super({
      dataDir,
      fileName: RECENT_SSO_ROLES_FILE,
      max: MAX_RECENT_SSO_ROLES,
      parse,
      same: (a, b) => a.loginId === b.loginId && a.accountId === b.accountId && a.roleName === b.roleName,
      invalidMessage: 'That Identity Center role is not valid and was not remembered.',
    });
  }
}
