import { adhocRoleSchema } from '../../shared/ipc/fields';
import type { AdhocRole } from '../../shared/models/profile';
import { RecentList } from './recent-list';

export const RECENT_ROLES_FILE = 'recent-roles.json';
export const MAX_RECENT_ROLES = 20;

/**
 * The last ad-hoc role switches, newest first, like the Console's role history.
 * AdhocRole holds no keys or tokens, so it may be written to the app's data directory.
 */
export class RecentRoles extends RecentList<AdhocRole> {
  constructor(dataDir: string) {
    super({
      dataDir,
      fileName: RECENT_ROLES_FILE,
      max: MAX_RECENT_ROLES,
      // The IPC schema is strict: anything but exactly an AdhocRole is refused.
      parse: (value) => {
        const parsed = adhocRoleSchema.safeParse(value);
        return parsed.success ? parsed.data : undefined;
      },
      // One role is one entry, whatever its settings; the newest settings win.
      same: (a, b) =>
        a.sourceProfile === b.sourceProfile && a.accountId === b.accountId && a.roleName === b.roleName,
      invalidMessage: 'That role switch is not valid and was not remembered.',
    });
  }
}
