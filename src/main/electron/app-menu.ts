import type { BrowserWindow, Menu as MenuClass, MenuItemConstructorOptions } from 'electron';
import { eventChannel } from '../../shared/ipc/channels';
import type { MenuCommand } from '../../shared/ipc/contract';

const isMac = process.platform === 'darwin';

/**
 * The platform's menu conventions (File/Edit/View/Go/Window/Help, the app menu on macOS).
 * Items whose action belongs to the focused pane are forwarded to the renderer as
 * `menuCommand` events, so the shortcut and the menu item run the same code.
 */
export function installAppMenu(
  Menu: typeof MenuClass,
  win: BrowserWindow,
  openExternal: (url: string) => void,
): void {
  const command = (name: MenuCommand, label: string, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => win.webContents.send(eventChannel('menuCommand'), { command: name }),
  });

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        command('upload-files', 'Upload Files…', 'CmdOrCtrl+U'),
        command('upload-folder', 'Upload Folder…', 'CmdOrCtrl+Shift+U'),
        command('download', 'Download…', 'CmdOrCtrl+D'),
        { type: 'separator' },
        command('new-folder', 'New Folder', 'CmdOrCtrl+Shift+N'),
        command('rename', 'Rename…', 'F2'),
        command('copy-presigned-url', 'Copy Presigned URL…', 'CmdOrCtrl+Shift+C'),
        command('delete', 'Delete…', isMac ? 'Cmd+Backspace' : 'Delete'),
        { type: 'separator' },
        command('switch-role', 'Switch Role…', 'CmdOrCtrl+Shift+S'),
        command('renew-session', 'Renew Session', 'CmdOrCtrl+Shift+R'),
        { type: 'separator' },
        command('open-settings', isMac ? 'Settings…' : 'Preferences…', 'CmdOrCtrl+,'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        command('refresh', 'Refresh', 'CmdOrCtrl+R'),
        command('toggle-split', 'Toggle Second Pane', 'CmdOrCtrl+\\'),
        command('toggle-transfers', 'Toggle Transfers', 'CmdOrCtrl+J'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Go',
      submenu: [
        command('go-back', 'Back', isMac ? 'Cmd+[' : 'Alt+Left'),
        command('go-forward', 'Forward', isMac ? 'Cmd+]' : 'Alt+Right'),
        command('go-up', 'Enclosing Folder', isMac ? 'Cmd+Up' : 'Alt+Up'),
        command('focus-address', 'Go to Location…', 'CmdOrCtrl+L'),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        command('show-shortcuts', 'Keyboard Shortcuts', 'CmdOrCtrl+/'),
        {
          label: 'AWS CLI Configuration Reference',
          click: () =>
            openExternal('https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html'),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
