/**
 * Renderer benchmark: the profiles section of the sidebar over a 5,000-profile snapshot in
 * Debian Chromium — its first paint (mount to first frame, median of several mounts) and
 * the filter's keystroke-to-paint times while a profile name is typed and erased. Frame-rate
 * limiting and vsync are off, as in the object list bench, so a frame's time is its work.
 * Run alone with `npx tsx bench/profiles/sidebar-bench.ts [roles]`.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium';
import { roleProfileName } from '../../tests/support/big-config';
import type { TargetCheck } from '../lib/targets';
import { type MainReadBench, percentile, runMainRead } from './main-read';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(BENCH_DIR, '.cache', 'profiles-dist');
const MOUNTS = 10;
/** Typed and erased, so the list goes from all profiles to one and back. */
const TYPED = roleProfileName(4_999);
const ROUNDS = 4;
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

export interface ProfilesBench {
  readonly main: Omit<MainReadBench, 'snapshot'>;
  /** Mount to first painted frame, ms. */
  readonly firstPaintMedianMs: number;
  readonly firstPaintMaxMs: number;
  readonly keystrokes: number;
  /** Key event to the first frame painted after the list followed it, ms. */
  readonly keystrokeP50Ms: number;
  readonly keystrokeP95Ms: number;
  readonly keystrokeMaxMs: number;
}

interface SidebarPage {
  benchFirstPaint(): Promise<number>;
  benchKeystrokes: number[];
}

async function bundle(snapshotJson: string): Promise<void> {
  await build({
    root: join(BENCH_DIR, 'renderer', 'profiles'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: OUT_DIR, emptyOutDir: true, target: 'esnext' },
  });
  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(join(OUT_DIR, 'profiles.json'), snapshotJson);
}

function serve(): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const path = normalize(join(OUT_DIR, new URL(req.url ?? '/', 'http://x').pathname));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(OUT_DIR) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => server.close() });
    }),
  );
}

export async function runProfilesBench(roles = 5_000): Promise<ProfilesBench> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install chromium`);
  const { snapshot, ...main } = await runMainRead(roles);
  await bundle(JSON.stringify(snapshot));
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.waitForFunction(() => 'benchFirstPaint' in globalThis);
    const mounts: number[] = [];
    for (let i = 0; i < MOUNTS; i++) {
      mounts.push(await page.evaluate(() => (globalThis as unknown as SidebarPage).benchFirstPaint()));
    }
    const rendered = await page.locator('.profile-list--virtual > li').count();
    if (rendered === 0 || rendered > 200) throw new Error(`the sidebar rendered ${rendered} profile rows`);

    const filter = page.getByRole('searchbox', { name: 'Filter profiles' });
    await filter.focus();
    await page.evaluate(() => {
      (globalThis as unknown as SidebarPage).benchKeystrokes = [];
    });
    const keys = [...[...TYPED], ...Array.from(TYPED, () => 'Backspace')];
    let pressed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const key of keys) {
        await page.keyboard.press(key);
        pressed += 1;
        await page.waitForFunction(
          (n) => (globalThis as unknown as SidebarPage).benchKeystrokes.length >= n,
          pressed,
        );
      }
      // Typed in full, the filter leaves exactly the profile named.
      if ((await filter.inputValue()) !== '') throw new Error('the filter was not erased');
    }
    const times = await page.evaluate(() => (globalThis as unknown as SidebarPage).benchKeystrokes);
    return {
      main,
      firstPaintMedianMs: percentile(mounts, 50),
      firstPaintMaxMs: Math.max(...mounts),
      keystrokes: times.length,
      keystrokeP50Ms: percentile(times, 50),
      keystrokeP95Ms: percentile(times, 95),
      keystrokeMaxMs: Math.max(...times),
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/** One line for the log and the report. */
export const profilesLine = (b: ProfilesBench): string =>
  `main reads and lists ${b.main.profiles} profiles (${b.main.broken} broken) in ${b.main.medianMs.toFixed(0)} ms median (p95 ${b.main.p95Ms.toFixed(0)} ms); sidebar first paint ${b.firstPaintMedianMs.toFixed(0)} ms median (max ${b.firstPaintMaxMs.toFixed(0)} ms); filter keystroke to paint p50 ${b.keystrokeP50Ms.toFixed(1)} ms, p95 ${b.keystrokeP95Ms.toFixed(1)} ms, max ${b.keystrokeMaxMs.toFixed(1)} ms over ${b.keystrokes} keys`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runProfilesBench(Number(process.argv[2] ?? 5_000));
  process.stdout.write(`${JSON.stringify(result)}\n${profilesLine(result)}\n`);
}

/** The targets: main under 0.2 s, first paint ≤ 200 ms, keystroke p95 ≤ 16 ms. */
export function profilesTargets(b: ProfilesBench | undefined): TargetCheck[] {
  const check = (target: string, value: number | undefined, limit: number): TargetCheck => ({
    target,
    value: value === undefined ? 'not measured' : `${value.toFixed(1)} ms`,
    met: value === undefined ? undefined : value <= limit,
  });
  return [
    check('5,000 profiles: main reads and lists them < 200 ms (median)', b?.main.medianMs, 200),
    check('5,000 profiles: sidebar first paint ≤ 200 ms (median)', b?.firstPaintMedianMs, 200),
    check('5,000 profiles: filter keystroke to paint p95 ≤ 16 ms', b?.keystrokeP95Ms, 16),
  ];
}
