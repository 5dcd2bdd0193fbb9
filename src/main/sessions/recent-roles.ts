import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adhocRoleSchema } from '../../shared/ipc/schemas';
import type { AdhocRole } from '../../shared/models/profile';
import { AppFailure } from '../errors/app-error';

export const RECENT_ROLES_FILE = 'recent-roles.json';
export const MAX_RECENT_ROLES = 20;

/** One role is one entry, whatever its settings; the newest settings win. */
const sameRole = (a: AdhocRole, b: AdhocRole): boolean =>
  a.sourceProfile === b.sourceProfile && a.accountId === b.accountId && a.roleName === b.roleName;

/** The IPC schema is strict: anything but exactly an AdhocRole is refused, so nothing else reaches the disk. */
const parseRole = (value: unknown): AdhocRole | undefined => {
  const parsed = adhocRoleSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/**
 * The last ad-hoc role switches, newest first, like the Console's role history.
 * AdhocRole holds no keys or tokens, so it may be written to the app's data directory.
 */
export class RecentRoles {
  readonly #file: string;
  readonly #dir: string;
  #roles: readonly AdhocRole[] | undefined;
  /** Changes run one after another, so two quick switches cannot overwrite each other's entry. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.#dir = dataDir;
    this.#file = join(dataDir, RECENT_ROLES_FILE);
  }

  async list(): Promise<readonly AdhocRole[]> {
    this.#roles ??= await this.#load();
    return this.#roles;
  }

  remember(role: AdhocRole): Promise<readonly AdhocRole[]> {
    return this.#change((roles) => {
      const clean = parseRole(role);
      if (!clean) throw new AppFailure('validation', 'That role switch is not valid and was not remembered.');
      return [clean, ...roles.filter((r) => !sameRole(r, clean))].slice(0, MAX_RECENT_ROLES);
    });
  }

  forget(index: number): Promise<readonly AdhocRole[]> {
    return this.#change((roles) => {
      if (!Number.isInteger(index) || index < 0 || index >= roles.length) {
        throw new AppFailure('not-found', 'That recent role is no longer in the list.', {
          details: { index: String(index) },
        });
      }
      return roles.filter((_, i) => i !== index);
    });
  }

  #change(edit: (roles: readonly AdhocRole[]) => readonly AdhocRole[]): Promise<readonly AdhocRole[]> {
    const next = this.#queue.then(async () => this.#save(edit(await this.list())));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #load(): Promise<readonly AdhocRole[]> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch {
      return [];
    }
    try {
      const data: unknown = JSON.parse(text);
      if (Array.isArray(data)) {
        return data
          .map(parseRole)
          .filter((r): r is AdhocRole => r !== undefined)
          .slice(0, MAX_RECENT_ROLES);
      }
    } catch {
      // fall through: a damaged history is not worth an error dialog
    }
    // Rewrite now so the damaged file does not linger until the next switch.
    return this.#save([]);
  }

  async #save(roles: readonly AdhocRole[]): Promise<readonly AdhocRole[]> {
    await mkdir(this.#dir, { recursive: true });
    // Write then rename, so a crash mid-write never leaves a half file behind.
    const temp = `${this.#file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(roles, null, 2)}\n`, 'utf8');
    await rename(temp, this.#file);
    this.#roles = roles;
    return roles;
  }
}
