import { create } from 'zustand';
import type { AppError } from '../../shared/models/errors';
import type { ProfilesSnapshot } from '../../shared/models/profile';
import { call, onEvent, toAppError } from '../lib/api';

interface ProfilesStore {
  readonly snapshot?: ProfilesSnapshot;
  readonly loading: boolean;
  /** The load itself failed (not a single profile or file: those are inside the snapshot). */
  readonly error?: AppError;
  readonly filter: string;
  readonly load: () => Promise<void>;
  readonly reload: () => Promise<void>;
  readonly setFilter: (filter: string) => void;
}

export const useProfilesStore = create<ProfilesStore>()((set) => {
  const fetchWith = async (name: 'listProfiles' | 'reloadProfiles'): Promise<void> => {
    set({ loading: true });
    try {
      const snapshot = await call(name, {});
      set({ snapshot, loading: false, error: undefined });
    } catch (err) {
      set({ loading: false, error: toAppError(err) });
    }
  };
  return {
    loading: false,
    filter: '',
    load: () => fetchWith('listProfiles'),
    reload: () => fetchWith('reloadProfiles'),
    setFilter: (filter) => set({ filter }),
  };
});

/** Loads the profiles and follows main's file watcher; returns the unsubscribe. */
export function startProfiles(): () => void {
  const off = onEvent('profilesChanged', (snapshot) =>
    useProfilesStore.setState({ snapshot, error: undefined }),
  );
  void useProfilesStore.getState().load();
  return off;
}
