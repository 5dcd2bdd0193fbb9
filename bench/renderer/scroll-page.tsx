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
    benchScroll?: (frames: number) => Promise<{ work: number[]; intervals: number[] }>;
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

/**
 * Scrolls by an equal step each frame until the bottom. A frame's work runs from its start
 * (the rAF timestamp, taken before scroll events and the list's repaint of its pooled rows) to the first task
 * after its rendering (style, layout, paint) finished; the interval between frames is also
 * kept, though at 60 Hz it can never be under 16.7 ms.
 */
window.benchScroll = (frames) =>
  new Promise((resolve, reject) => {
    const scroller = document.querySelector<HTMLElement>('.object-grid__scroll');
    if (!scroller) {
      reject(new Error('no .object-grid__scroll element'));
      return;
    }
    const bottom = scroller.scrollHeight - scroller.clientHeight;
    const step = Math.ceil(bottom / frames);
    const work: number[] = [];
    const intervals: number[] = [];
    let previous: number | undefined;
    const frame = (start: number): void => {
      if (previous !== undefined) intervals.push(start - previous);
      previous = start;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        work.push(performance.now() - start);
        channel.port1.close();
      };
      channel.port2.postMessage(0);
      if (scroller.scrollTop >= bottom) {
        // The last frame rendered the bottom rows; its work is recorded by the message above.
        setTimeout(() => resolve({ work: work.slice(1), intervals }), 50);
        return;
      }
      scroller.scrollTop = Math.min(bottom, scroller.scrollTop + step);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
