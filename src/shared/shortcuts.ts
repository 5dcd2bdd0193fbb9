/**
 * The one table of menu commands, their labels and key combos. Main builds the native menu
 * from it (whose accelerators handle the keys in Electron), the renderer matches keys against
 * it in the browser shell and lists it in the shortcuts sheet, so the three cannot drift.
 * Accelerators use Electron's syntax; no DOM or Electron import, so Node tests can load it.
 */
import type { MenuCommand } from './ipc/contract';

export type KeyPlatform = 'mac' | 'other';

export type MenuGroup = 'File' | 'View' | 'Go' | 'Help';

export interface ShortcutSpec {
  readonly command: MenuCommand;
  readonly group: MenuGroup;
  /** The menu label; macOS says "Settings…" where others say "Preferences…". */
  readonly label: string | Readonly<Record<KeyPlatform, string>>;
  readonly accelerator: string | Readonly<Record<KeyPlatform, string>>;
}

export const shortcutTable: readonly ShortcutSpec[] = [
  { command: 'upload-files', group: 'File', label: 'Upload Files…', accelerator: 'CmdOrCtrl+U' },
  { command: 'upload-folder', group: 'File', label: 'Upload Folder…', accelerator: 'CmdOrCtrl+Shift+U' },
  // Ctrl+D is the bookmark key everywhere else (browsers, file managers); S for "save a copy".
  { command: 'download', group: 'File', label: 'Download…', accelerator: 'CmdOrCtrl+S' },
  { command: 'new-folder', group: 'File', label: 'New Folder', accelerator: 'CmdOrCtrl+Shift+N' },
  { command: 'rename', group: 'File', label: 'Rename…', accelerator: 'F2' },
  {
    command: 'copy-presigned-url',
    group: 'File',
    label: 'Copy Presigned URL…',
    accelerator: 'CmdOrCtrl+Shift+C',
  },
  {
    command: 'delete',
    group: 'File',
    label: 'Delete…',
    accelerator: { mac: 'Cmd+Backspace', other: 'Delete' },
  },
  { command: 'switch-role', group: 'File', label: 'Switch Role…', accelerator: 'CmdOrCtrl+Shift+S' },
  { command: 'renew-session', group: 'File', label: 'Renew Session', accelerator: 'CmdOrCtrl+Shift+R' },
  {
    command: 'open-settings',
    group: 'File',
    label: { mac: 'Settings…', other: 'Preferences…' },
    accelerator: 'CmdOrCtrl+,',
  },
  { command: 'refresh', group: 'View', label: 'Refresh', accelerator: 'CmdOrCtrl+R' },
  { command: 'toggle-split', group: 'View', label: 'Toggle Second Pane', accelerator: 'CmdOrCtrl+\\' },
  { command: 'toggle-transfers', group: 'View', label: 'Toggle Transfers', accelerator: 'CmdOrCtrl+J' },
  { command: 'go-back', group: 'Go', label: 'Back', accelerator: { mac: 'Cmd+[', other: 'Alt+Left' } },
  { command: 'go-forward', group: 'Go', label: 'Forward', accelerator: { mac: 'Cmd+]', other: 'Alt+Right' } },
  {
    command: 'go-up',
    group: 'Go',
    label: 'Enclosing Folder',
    accelerator: { mac: 'Cmd+Up', other: 'Alt+Up' },
  },
  { command: 'focus-address', group: 'Go', label: 'Go to Location…', accelerator: 'CmdOrCtrl+L' },
  { command: 'add-bookmark', group: 'Go', label: 'Bookmark This Location…', accelerator: 'CmdOrCtrl+D' },
  { command: 'show-shortcuts', group: 'Help', label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/' },
];

const pick = (value: string | Readonly<Record<KeyPlatform, string>>, platform: KeyPlatform): string =>
  typeof value === 'string' ? value : value[platform];

export function shortcutFor(command: MenuCommand): ShortcutSpec {
  const spec = shortcutTable.find((s) => s.command === command);
  // The table test checks every command has a row; reaching this is a programming error.
  if (!spec) throw new Error(`No shortcut row for ${command}`);
  return spec;
}

export const acceleratorFor = (command: MenuCommand, platform: KeyPlatform): string =>
  pick(shortcutFor(command).accelerator, platform);

export const labelFor = (command: MenuCommand, platform: KeyPlatform): string =>
  pick(shortcutFor(command).label, platform);

export const keyPlatformOf = (platform: string): KeyPlatform =>
  platform === 'darwin' || /^Mac|iPhone|iPad/.test(platform) ? 'mac' : 'other';

interface Combo {
  readonly primary: boolean;
  readonly shift: boolean;
  readonly alt: boolean;
  readonly key: string;
}

/** Splits `CmdOrCtrl+Shift+U` into modifiers and the key; `Cmd` and `Ctrl` mean the platform's primary. */
function parse(accelerator: string): Combo {
  const parts = accelerator.split('+');
  // `CmdOrCtrl++` would name the plus key; none of ours do, but keep the split honest.
  const key = parts.pop() || '+';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return {
    primary: mods.has('cmdorctrl') || mods.has('cmd') || mods.has('command') || mods.has('ctrl'),
    shift: mods.has('shift'),
    alt: mods.has('alt') || mods.has('option'),
    key,
  };
}

const macSymbols: Readonly<Record<string, string>> = {
  Backspace: '⌫',
  Delete: '⌦',
  Up: '↑',
  Down: '↓',
  Left: '←',
  Right: '→',
};

const otherNames: Readonly<Record<string, string>> = { Up: '↑', Down: '↓', Left: '←', Right: '→' };

/** How the combo is written on this platform: `⇧⌘U` on macOS, `Ctrl+Shift+U` elsewhere. */
export function displayAccelerator(accelerator: string, platform: KeyPlatform): string {
  const { primary, shift, alt, key } = parse(accelerator);
  if (platform === 'mac') {
    return `${alt ? '⌥' : ''}${shift ? '⇧' : ''}${primary ? '⌘' : ''}${macSymbols[key] ?? key}`;
  }
  return [primary ? 'Ctrl' : '', alt ? 'Alt' : '', shift ? 'Shift' : '', otherNames[key] ?? key]
    .filter(Boolean)
    .join('+');
}

/** The fields of a KeyboardEvent the matcher reads (so this module stays DOM-free). */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/**
 * The key an accelerator names, as `KeyboardEvent.code`. Physical codes keep shortcuts on the
 * same key across layouts (Shift changes `key`, e.g. `/` to `?`, but not `code`).
 */
function codeOf(key: string): string {
  if (/^[A-Z]$/.test(key)) return `Key${key}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  const named: Readonly<Record<string, string>> = {
    '\\': 'Backslash',
    '/': 'Slash',
    ',': 'Comma',
    '[': 'BracketLeft',
    ']': 'BracketRight',
    Up: 'ArrowUp',
    Down: 'ArrowDown',
    Left: 'ArrowLeft',
    Right: 'ArrowRight',
  };
  return named[key] ?? key;
}

export function matchesAccelerator(press: KeyPress, accelerator: string, platform: KeyPlatform): boolean {
  const combo = parse(accelerator);
  const primary = platform === 'mac' ? press.metaKey : press.ctrlKey;
  const stray = platform === 'mac' ? press.ctrlKey : press.metaKey;
  return (
    primary === combo.primary &&
    !stray &&
    press.shiftKey === combo.shift &&
    press.altKey === combo.alt &&
    press.code === codeOf(combo.key)
  );
}

/** The command whose accelerator this key press is, if any. */
export function commandForKey(press: KeyPress, platform: KeyPlatform): MenuCommand | undefined {
  return shortcutTable.find((s) => matchesAccelerator(press, pick(s.accelerator, platform), platform))
    ?.command;
}
