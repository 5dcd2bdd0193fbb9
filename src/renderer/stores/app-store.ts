import { create } from 'zustand';
import type { AppInfo } from '../../shared/ipc/contract';

/** Which shell the window runs in, from the attach snapshot: some things differ (the clipboard). */
export const useAppStore = create<{ readonly info?: AppInfo }>(() => ({}));

/** False in the browser shell, whose page cannot reach the system clipboard. */
export const useHasSystemClipboard = (): boolean => useAppStore((s) => s.info?.shell !== 'browser');
