import { create } from 'zustand';
import type { AppError } from '../../shared/models/errors';
import { defaultSettings, type Settings } from '../../shared/models/settings';
import { call } from '../lib/api';

/** What `updateSettings` accepts: every field optional, all validated again in main. */
export type SettingsPatch = Partial<Settings>;

interface SettingsStore {
  readonly settings: Settings;
  readonly loaded: boolean;
  /** The attach snapshot could not be had (lib/attach.ts). */
  readonly error?: AppError;
  /** Resolves to the saved settings, or throws the ApiError so a form can show it. */
  readonly update: (patch: SettingsPatch) => Promise<Settings>;
}

export const useSettingsStore = create<SettingsStore>()((set) => ({
  settings: defaultSettings,
  loaded: false,
  update: async (patch) => {
    const settings = await call('updateSettings', { patch });
    set({ settings, error: undefined });
    return settings;
  },
}));

export const useSettings = (): Settings => useSettingsStore((s) => s.settings);
