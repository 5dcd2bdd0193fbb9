import { create } from 'zustand';
import type { MfaPrompt } from '../../shared/models/session';
import { onEvent } from '../lib/api';

/**
 * The MFA prompts main is waiting on, oldest first. They are main's state: the attach
 * snapshot brings back any a reload lost, `mfaRequired` adds or replaces one (a retry after a
 * refused code, or the same prompt offered again), `mfaSettled` removes it.
 */
interface MfaStore {
  readonly prompts: readonly MfaPrompt[];
  readonly dismiss: (promptId: string) => void;
}

export const useMfaStore = create<MfaStore>()((set) => ({
  prompts: [],
  dismiss: (promptId) => set((s) => ({ prompts: s.prompts.filter((p) => p.promptId !== promptId) })),
}));

/** Follows main's prompt events; returns the unsubscribe. */
export function startMfa(): () => void {
  const offRequired = onEvent('mfaRequired', (prompt) =>
    useMfaStore.setState((s) => ({
      prompts: s.prompts.some((p) => p.promptId === prompt.promptId)
        ? s.prompts.map((p) => (p.promptId === prompt.promptId ? prompt : p))
        : [...s.prompts, prompt],
    })),
  );
  const offSettled = onEvent('mfaSettled', ({ promptId }) => useMfaStore.getState().dismiss(promptId));
  return () => {
    offRequired();
    offSettled();
  };
}
