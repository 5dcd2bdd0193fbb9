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

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = join(BENCH_DIR, '.cache', 'renderer-dist');
const CHROMIUM = '/usr/bin/chromium';
const SCROLL_FRAMES = 1500;
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface ScrollBench {
  readonly rows: number;
  readonly frames: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** JS heap in use after the scroll, before any forced collection. */
  readonly heapMiB: number;
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
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  await bundle();
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-frame-rate-limit',
      '--disable-gpu-vsync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}?rows=${rows}`);
    await page.waitForSelector('.object-grid__scroll [data-index]');
    // Let the initial render and any idle work settle before the clock starts.
    await page.waitForTimeout(500);
    const durations = await page.evaluate((frames) => window.benchScroll!(frames), SCROLL_FRAMES);
    const reachedEnd = await page.evaluate(
      (last) => document.querySelector(`[data-index="${last}"]`) !== null,
      rows - 1,
    );
    if (!reachedEnd) throw new Error('the scroll ended without rendering the last row');
    const cdp = await page.context().newCDPSession(page);
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const sorted = [...durations].sort((a, b) => a - b);
    return {
      rows,
      frames: durations.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      max: sorted.at(-1) ?? Number.NaN,
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
