/**
 * The app's real profiles section (same components, store and styles as in the sidebar) over
 * the snapshot main read from a 5,000-profile config (`profiles.json`, written by the bench).
 * `benchFirstPaint` mounts it from nothing and times until the first frame after it has
 * painted; keystrokes are typed by Playwright into the filter, and each is timed from the
 * key event to the first frame after its repaint.
 */
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { ProfilesSection } from '../../../src/renderer/features/profiles/ProfilesSection';
import { useProfilesStore } from '../../../src/renderer/stores/profiles-store';
import type { ProfilesSnapshot } from '../../../src/shared/models/profile';
import '../../../src/renderer/styles/theme.css';
import '../../../src/renderer/styles/base.css';
import '../../../src/renderer/styles/layout.css';
import '../../../src/renderer/features/profiles/profile-sidebar.css';

declare global {
  interface Window {
    benchFirstPaint?: () => Promise<number>;
    benchKeystrokes?: number[];
  }
}

/** Resolves after the next frame has been produced: rAF runs before it, a posted task after. */
const afterNextPaint = (): Promise<void> =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(0);
    }),
  );

function BenchSidebar() {
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  return (
    <nav className="sidebar" style={{ width: 240, height: '100vh' }} aria-label="Profiles bench">
      <div className="sidebar__scroll" ref={setScroller}>
        <ProfilesSection onSwitchRole={() => {}} scroller={scroller} />
      </div>
    </nav>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('no #root');
let root: Root | undefined;

// Built before any timing: the bench measures painting a loaded list, not fetching it.
const snapshot = (await (await fetch('./profiles.json')).json()) as ProfilesSnapshot;
useProfilesStore.setState({ snapshot, loading: false, filter: '' });

window.benchFirstPaint = async () => {
  root?.unmount();
  useProfilesStore.setState({ filter: '' });
  await afterNextPaint();
  const start = performance.now();
  root = createRoot(container);
  flushSync(() => root?.render(<BenchSidebar />));
  await afterNextPaint();
  return performance.now() - start;
};

// Each key event's own timestamp, to the first frame painted after the list followed it.
window.benchKeystrokes = [];
document.addEventListener(
  'keydown',
  (event) => {
    const pressed = event.timeStamp;
    void afterNextPaint().then(() => window.benchKeystrokes?.push(performance.now() - pressed));
  },
  { capture: true },
);
