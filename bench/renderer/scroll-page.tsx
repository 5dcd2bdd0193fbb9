/**
 * The app's real ObjectList (same component, store and styles as in a pane) holding N
 * synthetic entries, with a scripted top-to-bottom scroll that records every frame.
 */
import { createRoot } from 'react-dom/client';
import { ObjectList } from '../../src/renderer/features/browser/ObjectList';
import type { ObjectEntry } from '../../src/shared/models/s3';
import '../../src/renderer/styles/theme.css';
import '../../src/renderer/styles/base.css';
import '../../src/renderer/styles/layout.css';
import '../../src/renderer/features/browser/browser.css';

declare global {
  interface Window {
    benchScroll?: (frames: number) => Promise<number[]>;
  }
}

const count = Number(new URLSearchParams(location.search).get('rows') ?? '1000000');
const modified = new Date('2026-01-01T00:00:00Z').toISOString();
// Built once, before timing: the bench measures scrolling a loaded listing, not building it.
const rows: ObjectEntry[] = Array.from({ length: count }, (_, i) => ({
  kind: 'object',
  key: `logs/2026/part-${String(i).padStart(7, '0')}.json.gz`,
  size: (i * 7919) % 50_000_000,
  lastModified: modified,
  storageClass: 'STANDARD',
}));
const noop = (): void => {};

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
root.style.height = '100vh';
root.style.display = 'flex';
root.style.flexDirection = 'column';
createRoot(root).render(
  <ObjectList
    paneId="left"
    sessionId="bench"
    bucket="bench"
    prefix="logs/2026/"
    rows={rows}
    selection={new Set()}
    sort={{ column: 'name', descending: false }}
    onOpenFolder={noop}
    onDelete={noop}
    onContextMenu={noop}
    onDropFiles={noop}
    onDropSelection={noop}
  />,
);

/** Scrolls by an equal step each frame until the bottom; returns each frame's duration in ms. */
window.benchScroll = (frames) =>
  new Promise((resolve, reject) => {
    const scroller = document.querySelector<HTMLElement>('.object-grid__scroll');
    if (!scroller) return reject(new Error('no .object-grid__scroll element'));
    const bottom = scroller.scrollHeight - scroller.clientHeight;
    const step = Math.ceil(bottom / frames);
    const durations: number[] = [];
    let last = performance.now();
    const frame = (now: number): void => {
      durations.push(now - last);
      last = now;
      if (scroller.scrollTop >= bottom) return resolve(durations.slice(1));
      scroller.scrollTop = Math.min(bottom, scroller.scrollTop + step);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
