import { describe, expect, it } from 'vitest';
import { fitToolbar, type ToolbarMeasure } from '../../../../src/renderer/features/browser/toolbar-fit';

// Widths as Chromium draws the buttons in the app's font.
const measure = (width: number): ToolbarMeasure => ({
  width,
  nav: 104,
  actions: {
    'new-folder': 90,
    upload: 78,
    download: 86,
    delete: 62,
    rename: 70,
    'copy-to': 76,
    presign: 110,
    'check-access': 106,
    'storage-summary': 100,
    'incomplete-uploads': 140,
    compare: 84,
  },
  more: 70,
  gap: 6,
  addressMin: 200,
});

const shown = (width: number) => [...fitToolbar(measure(width)).shown].sort();

describe('fitToolbar', () => {
  it('keeps one row with every action where all of it fits beside the address', () => {
    expect(fitToolbar(measure(1400))).toEqual({
      stacked: false,
      shown: new Set(Object.keys(measure(0).actions)),
    });
  });

  it('puts the actions on a row of their own when they fit there but not beside the address', () => {
    const fit = fitToolbar(measure(1100));
    expect(fit.stacked).toBe(true);
    expect(fit.shown.size).toBe(Object.keys(measure(0).actions).length);
  });

  it('keeps the most used actions on the row and leaves the rest for More ▾', () => {
    // A split pane at 1024 px: upload, download and new folder, with room for More ▾.
    expect(shown(374)).toEqual(['download', 'new-folder', 'upload']);
    // At the minimum window size: upload and download.
    expect(shown(300)).toEqual(['download', 'upload']);
  });

  it('never shows a lower priority action in place of a higher one that did not fit', () => {
    // Room for upload (78) and, after it, only something as small as delete (62): still not delete.
    expect(shown(70 + 6 + 78 + 6 + 70)).toEqual(['upload']);
  });
});
