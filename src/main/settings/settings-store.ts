import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { requestSchemas } from '../../shared/ipc/schemas';
import { defaultSettings, type Settings } from '../../shared/models/settings';

type SettingsPatch = z.output<typeof requestSchemas.updateSettings>['patch'];

export const SETTINGS_FILE = 'settings.json';

/**
 * User preferences in the app's data folder. The file is validated on load with the same
 * rules as the IPC patch, so a hand-edited or corrupt file falls back to defaults per field
 * instead of breaking start-up.
 */
export class SettingsStore {
  readonly #file: string;
  #settings: Settings = defaultSettings;

  constructor(dataDir: string) {
    this.#file = join(dataDir, SETTINGS_FILE);
  }

  async load(): Promise<Settings> {
    const raw = await readFile(this.#file, 'utf8').catch(() => undefined);
    if (raw === undefined) return this.#settings;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.#settings;
    }
    const fields = requestSchemas.updateSettings.shape.patch.shape;
    const merged: Record<string, unknown> = { ...defaultSettings };
    if (json && typeof json === 'object') {
      for (const [name, schema] of Object.entries(fields)) {
        const parsed = (schema as z.ZodType).safeParse((json as Record<string, unknown>)[name]);
        if (parsed.success && parsed.data !== undefined) merged[name] = parsed.data;
      }
    }
    this.#settings = merged as unknown as Settings;
    return this.#settings;
  }

  get(): Settings {
    return this.#settings;
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.#settings = { ...this.#settings, ...defined };
    await mkdir(join(this.#file, '..'), { recursive: true });
    const temp = `${this.#file}.tmp`;
    await writeFile(temp, JSON.stringify(this.#settings, null, 2), { mode: 0o600 });
    await rename(temp, this.#file);
    return this.#settings;
  }
}
