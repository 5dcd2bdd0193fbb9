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
  readonly reload: () => Promise<void>;
  readonly setFilter: (filter: string) => void;
}

export const useProfilesStore = create<ProfilesStore>()((set) => {
  return {
    // Until the attach snapshot arrives (lib/attach.ts).
    loading: true,
    filter: '',
    reload: async () => {
      set({ loading: true });
      try {
        const snapshot = await call('reloadProfiles', {});
        set({ snapshot, loading: false, error: undefined });
      } catch (err) {
        set({ loading: false, error: toAppError(err) });
      }
    },
    setFilter: (filter) => set({ filter }),
  };
});

/** Follows main's file watcher; returns the unsubscribe. The attach snapshot fills the store. */
export function startProfiles(): () => void {
  return onEvent('profilesChanged', (snapshot) =>
    useProfilesStore.setState({ snapshot, loading: false, error: undefined }),
  );
}
