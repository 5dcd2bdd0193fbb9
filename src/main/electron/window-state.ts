import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import type { WindowBounds } from './web-preferences';

const FILE_NAME = 'window-state.json';

export interface WindowState extends WindowBounds {
  readonly maximized: boolean;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export async function loadWindowState(dataDir: string): Promise<WindowState | undefined> {
  try {
    const raw = JSON.parse(await readFile(join(dataDir, FILE_NAME), 'utf8')) as Record<string, unknown>;
    if (!isNumber(raw.width) || !isNumber(raw.height)) return undefined;
    return {
      width: Math.max(880, raw.width),
      height: Math.max(560, raw.height),
      ...(isNumber(raw.x) && isNumber(raw.y) ? { x: raw.x, y: raw.y } : {}),
      maximized: raw.maximized === true,
    };
  } catch {
    return undefined;
  }
}

export async function saveWindowState(dataDir: string, win: BrowserWindow): Promise<void> {
  const state: WindowState = { ...win.getNormalBounds(), maximized: win.isMaximized() };
  await writeFile(join(dataDir, FILE_NAME), JSON.stringify(state)).catch(() => undefined);
}
