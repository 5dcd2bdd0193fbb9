import { create } from 'zustand';

export type DetailsView = 'details' | 'preview';

interface DetailsViewStore {
  readonly view: DetailsView;
  readonly setView: (view: DetailsView) => void;
}

/** Details or Preview, for every pane: the choice outlives the selection it was made on. */
export const useDetailsView = create<DetailsViewStore>()((set) => ({
  view: 'details',
  setView: (view) => set({ view }),
}));
