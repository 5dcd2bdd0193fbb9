/**
 * The command bus: menu items (Electron's native menu) and, in the browser shell, the same
 * key combos typed in the page both end up in `runCommand`, so every command has one path.
 */
import type { MenuCommand } from '../../shared/ipc/contract';
import { commandForKey, type KeyPlatform, keyPlatformOf } from '../../shared/shortcuts';
import { call, onEvent } from './api';

type Handler = () => void;

const handlers = new Map<MenuCommand, Set<Handler>>();

/** Runs every handler subscribed to the command; a command nobody handles does nothing. */
export function runCommand(command: MenuCommand): void {
  for (const handler of [...(handlers.get(command) ?? [])]) handler();
}

/** Subscribes to one command; the returned function unsubscribes. */
export function onCommand(command: MenuCommand, handler: Handler): () => void {
  const set = handlers.get(command) ?? new Set<Handler>();
  set.add(handler);
  handlers.set(command, set);
  return () => {
    set.delete(handler);
  };
}

/** The platform whose key conventions apply to this window (⌘ on macOS). */
export const keyPlatform: KeyPlatform = keyPlatformOf(navigator.platform);

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target.tagName === 'INPUT' ||
      target.tagName === 'TEXTAREA' ||
      target.tagName === 'SELECT')
  );
}

function onKeyDown(event: KeyboardEvent): void {
  // A control that handled the key itself (the object list's Delete, a dialog's Esc) wins.
  if (event.defaultPrevented) return;
  const command = commandForKey(event, keyPlatform);
  if (!command) return;
  // Without Ctrl/Cmd a combo (Delete, F2, Alt+←, ⌘⌫) means text editing inside a field.
  const primary = keyPlatform === 'mac' ? event.metaKey : event.ctrlKey;
  const textEditing = !primary || event.key === 'Backspace' || event.key.startsWith('Arrow');
  if (textEditing && isEditable(event.target)) return;
  event.preventDefault();
  runCommand(command);
}

/**
 * Feeds the bus. In Electron the native menu's accelerators already turn keys into
 * `menuCommand` events, so listening to keys there as well would run each command twice.
 */
export function startCommands(): () => void {
  const offMenu = onEvent('menuCommand', ({ command }) => runCommand(command));
  let offKeys = (): void => undefined;
  let stopped = false;
  void call('getAppInfo', {}).then(
    (info) => {
      if (stopped || info.shell !== 'browser') return;
      window.addEventListener('keydown', onKeyDown);
      offKeys = () => window.removeEventListener('keydown', onKeyDown);
    },
    // Without app info the menu still works; only the browser shell's keys would be missing.
    () => undefined,
  );
  return () => {
    stopped = true;
    offMenu();
    offKeys();
  };
}
