/**
 * Renderer benchmark: the real ObjectList with N rows in Debian Chromium, scrolled top to
 * bottom. Frame-rate limiting and vsync are off, so the time between animation frames is the
 * work each frame costs (script, style, layout, paint) rather than the wait for the display.
 * Run alone with `npx tsx bench/renderer-scroll.ts [rows]`.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = join(BENCH_DIR, '.cache', 'renderer-dist');
/** Ten seconds at 60 Hz; with a million rows every frame shows rows the previous one did not. */
const SCROLL_FRAMES = 600;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface ScrollBench {
  readonly rows: number;
  readonly frames: number;
  /** Per-frame work (scroll handling, re-render, style, layout, paint), ms. */
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Time between animation frames, ms: 16.7 at best on a 60 Hz cadence. */
  readonly intervalP50: number;
  readonly intervalP95: number;
  readonly intervalMax: number;
  /** JS heap in use after the scroll, before any forced collection. */
  readonly heapMiB: number;
}

/** What bench/renderer/scroll-page.tsx puts on the page's window. */
interface ScrollPage {
  benchScroll(frames: number): Promise<{ work: number[]; intervals: number[] }>;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function bundle(): Promise<void> {
  await build({
    root: join(BENCH_DIR, 'renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: OUT_DIR, emptyOutDir: true },
  });
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

export async function runScrollBench(rows: number): Promise<ScrollBench> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install chromium`);
  await bundle();
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}?rows=${rows}`);
    await page.waitForSelector('.object-grid__scroll [data-index]');
    // Let the initial render and any idle work settle before the clock starts.
    await page.waitForTimeout(500);
    const { work, intervals } = await page.evaluate(
      (frames) => (globalThis as unknown as ScrollPage).benchScroll(frames),
      SCROLL_FRAMES,
    );
    const reachedEnd = await page.evaluate(`document.querySelector('[data-index="${rows - 1}"]') !== null`);
    if (!reachedEnd) throw new Error('the scroll ended without rendering the last row');
    const cdp = await page.context().newCDPSession(page);
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const sorted = [...work].sort((a, b) => a - b);
    const gaps = [...intervals].sort((a, b) => a - b);
    return {
      rows,
      frames: work.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? Number.NaN,
      intervalP50: percentile(gaps, 50),
      intervalP95: percentile(gaps, 95),
      intervalMax: gaps.at(-1) ?? Number.NaN,
      heapMiB: heap.usedSize / 1024 ** 2,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runScrollBench(Number(process.argv[2] ?? 1_000_000));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
