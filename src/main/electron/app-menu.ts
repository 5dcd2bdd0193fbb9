import type { BrowserWindow, Menu as MenuClass, MenuItemConstructorOptions } from 'electron';
import { eventChannel } from '../../shared/ipc/channels';
import type { MenuCommand } from '../../shared/ipc/contract';
import { acceleratorFor, keyPlatformOf, labelFor } from '../../shared/shortcuts';

/**
 * The platform's menu conventions (File/Edit/View/Go/Window/Help, the app menu on macOS).
 * Items whose action belongs to the focused pane are forwarded to the renderer as
 * `menuCommand` events, so the shortcut and the menu item run the same code.
 */
export function installAppMenu(
  Menu: typeof MenuClass,
  win: BrowserWindow,
  openExternal: (url: string) => void,
  platform: string = process.platform,
): void {
  const keys = keyPlatformOf(platform);
  const isMac = keys === 'mac';
  // Label and accelerator come from the shared table, which the renderer also matches keys against.
  const command = (name: MenuCommand): MenuItemConstructorOptions => ({
    label: labelFor(name, keys),
    accelerator: acceleratorFor(name, keys),
    click: () => win.webContents.send(eventChannel('menuCommand'), { command: name }),
  });

  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        command('upload-files'),
        command('upload-folder'),
        command('download'),
        { type: 'separator' },
        command('new-folder'),
        command('rename'),
        command('copy-presigned-url'),
        command('delete'),
        { type: 'separator' },
        command('switch-role'),
        command('renew-session'),
        { type: 'separator' },
        command('open-settings'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        command('refresh'),
        command('toggle-split'),
        command('toggle-transfers'),
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
        command('go-back'),
        command('go-forward'),
        command('go-up'),
        command('focus-address'),
        { type: 'separator' },
        command('add-bookmark'),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        command('show-shortcuts'),
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
