import type { BrowserWindow, Menu as MenuClass, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { installAppMenu } from '../../src/main/electron/app-menu';
import { eventChannel } from '../../src/shared/ipc/channels';
import { type MenuCommand, menuCommands } from '../../src/shared/ipc/contract';
import {
  acceleratorFor,
  commandForKey,
  displayAccelerator,
  type KeyPlatform,
  type KeyPress,
  labelFor,
  shortcutTable,
} from '../../src/shared/shortcuts';

interface BuiltItem {
  readonly command: MenuCommand;
  readonly label: string | undefined;
  readonly accelerator: string | undefined;
}

/** Builds the real application menu against a stand-in Menu and returns its command items. */
function builtMenu(platform: string): BuiltItem[] {
  let template: MenuItemConstructorOptions[] = [];
  const Menu = {
    buildFromTemplate: (t: MenuItemConstructorOptions[]) => {
      template = t;
      return {};
    },
    setApplicationMenu: () => undefined,
  } as unknown as typeof MenuClass;
  let sent: unknown;
  const win = {
    webContents: {
      send: (channel: string, payload: unknown) => {
        sent = channel === eventChannel('menuCommand') ? payload : undefined;
      },
    },
  };
  installAppMenu(Menu, win as unknown as BrowserWindow, () => undefined, platform);

  const items: BuiltItem[] = [];
  const walk = (entries: readonly MenuItemConstructorOptions[]): void => {
    for (const entry of entries) {
      if (Array.isArray(entry.submenu)) walk(entry.submenu);
      if (!entry.click || entry.label === 'AWS CLI Configuration Reference') continue;
      sent = undefined;
      // The menu item's click is what the accelerator triggers: it must name its command.
      (entry.click as () => void)();
      const command = (sent as { command: MenuCommand } | undefined)?.command;
      if (!command) throw new Error(`${entry.label} did not send a menuCommand event`);
      items.push({ command, label: entry.label, accelerator: entry.accelerator as string | undefined });
    }
  };
  walk(template);
  return items;
}

/** The key press an accelerator stands for, as Chromium would report it. */
function pressOf(accelerator: string, platform: KeyPlatform): KeyPress {
  const parts = accelerator.split('+');
  const key = parts.pop() ?? '';
  const primary = parts.some((p) => /^(CmdOrCtrl|Cmd|Ctrl)$/.test(p));
  const codes: Record<string, string> = {
    '\\': 'Backslash',
    '/': 'Slash',
    ',': 'Comma',
    '[': 'BracketLeft',
    ']': 'BracketRight',
    Up: 'ArrowUp',
    Left: 'ArrowLeft',
    Right: 'ArrowRight',
  };
  return {
    key,
    code: /^[A-Z]$/.test(key) ? `Key${key}` : (codes[key] ?? key),
    ctrlKey: primary && platform === 'other',
    metaKey: primary && platform === 'mac',
    shiftKey: parts.includes('Shift'),
    altKey: parts.includes('Alt'),
  };
}

describe('the shortcut table and the native menu', () => {
  it('has exactly one row per menu command', () => {
    expect(shortcutTable.map((s) => s.command).sort()).toEqual([...menuCommands].sort());
  });

  for (const [platform, keys] of [
    ['darwin', 'mac'],
    ['linux', 'other'],
    ['win32', 'other'],
  ] as const) {
    it(`menu items on ${platform} carry the table's labels and accelerators`, () => {
      const items = builtMenu(platform);
      expect(items.map((i) => i.command).sort()).toEqual([...menuCommands].sort());
      for (const item of items) {
        expect(item.accelerator, item.command).toBe(acceleratorFor(item.command, keys));
        expect(item.label, item.command).toBe(labelFor(item.command, keys));
      }
    });
  }

  for (const keys of ['mac', 'other'] as const) {
    it(`no two commands share a key combo (${keys}), and each combo maps back to its command`, () => {
      const accelerators = menuCommands.map((c) => acceleratorFor(c, keys));
      expect(new Set(accelerators).size).toBe(accelerators.length);
      for (const command of menuCommands) {
        expect(commandForKey(pressOf(acceleratorFor(command, keys), keys), keys)).toBe(command);
      }
    });
  }

  it('ignores the combo with the other platform modifier or extra modifiers', () => {
    const ctrlU = pressOf('CmdOrCtrl+U', 'other');
    expect(commandForKey(ctrlU, 'mac')).toBeUndefined();
    expect(commandForKey({ ...ctrlU, altKey: true }, 'other')).toBeUndefined();
    expect(commandForKey({ ...ctrlU, shiftKey: true }, 'other')).toBe('upload-folder');
  });

  it('writes combos the way each platform does', () => {
    expect(displayAccelerator('CmdOrCtrl+Shift+U', 'mac')).toBe('⇧⌘U');
    expect(displayAccelerator('CmdOrCtrl+Shift+U', 'other')).toBe('Ctrl+Shift+U');
    expect(displayAccelerator('Cmd+Backspace', 'mac')).toBe('⌘⌫');
    expect(displayAccelerator('Alt+Left', 'other')).toBe('Alt+←');
  });
});
