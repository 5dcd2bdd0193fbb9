import { useEffect, useRef } from 'react';

/** `mod+shift+r`, `mod+k`, `mod+\`: `mod` is Cmd on macOS and Ctrl elsewhere. */
export type ShortcutMap = Readonly<Record<string, () => void>>;

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

function comboOf(event: KeyboardEvent): string | undefined {
  const mod = isMac ? event.metaKey : event.ctrlKey;
  if (!mod || event.altKey) return undefined;
  // `code` for letters and the backslash keeps shortcuts on the same physical key across layouts.
  const key =
    event.code === 'Backslash' ? '\\' : event.code.startsWith('Key') ? event.code.slice(3).toLowerCase() : '';
  if (!key) return undefined;
  return `mod+${event.shiftKey ? 'shift+' : ''}${key}`;
}

/** Window-wide shortcuts; the latest handlers are used without re-registering the listener. */
export function useShortcuts(shortcuts: ShortcutMap): void {
  const ref = useRef(shortcuts);
  ref.current = shortcuts;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const combo = comboOf(event);
      const handler = combo ? ref.current[combo] : undefined;
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** How a shortcut is written in tooltips on this platform. */
export const modKeyName = isMac ? '⌘' : 'Ctrl';
