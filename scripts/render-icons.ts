/**
 * Renders the app icon, build/icon.svg, into the PNGs packaging needs:
 *   build/icon.png               1024×1024, which electron-builder converts for macOS and Windows;
 *   build/icons/<n>x<n>.png      16…512, the Linux icon set (linux.icon in electron-builder.yml).
 * Chromium draws the SVG on a transparent page and each size is a screenshot of it, so there is
 * no image library to install. Run after editing the SVG and commit the PNGs:
 *   npx tsx scripts/render-icons.ts
 * Chromium is the one the E2E tests use (scripts/chromium.ts).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const BUILD = resolve(import.meta.dirname, '../build');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

async function main(): Promise<void> {
  const svg = readFileSync(join(BUILD, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
  });
  try {
    const page = await browser.newPage();
    mkdirSync(join(BUILD, 'icons'), { recursive: true });
    const targets = [
      { size: 1024, path: join(BUILD, 'icon.png') },
      ...LINUX_SIZES.map((size) => ({ size, path: join(BUILD, 'icons', `${size}x${size}.png`) })),
    ];
    for (const { size, path } of targets) {
      await page.setViewportSize({ width: size, height: size });
      // The SVG scales itself to the page; Chromium's own rasteriser does the downsampling.
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
      );
      await page.screenshot({ path, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      console.log(`${path} (${size}×${size})`);
    }
  } finally {
    await browser.close();
  }
}

await main();
