import type { EntryType } from '../features/browser/entry-type';

const SVG = 'http://www.w3.org/2000/svg';

const LABELS: Readonly<Record<EntryType, string>> = {
  folder: 'Folder',
  image: 'Image',
  archive: 'Archive',
  text: 'Text file',
  code: 'Code file',
  generic: 'File',
};

type PathSpec = Readonly<Record<string, string>>;

/** A page with a folded corner; each file type adds its own mark inside. */
const PAGE: readonly PathSpec[] = [{ d: 'M3.5 1.5h6l3 3v10h-9z' }, { d: 'M9.5 1.5v3h3' }];

const SHAPES: Readonly<Record<EntryType, readonly PathSpec[]>> = {
  folder: [{ d: 'M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z', fill: 'currentColor', 'fill-opacity': '0.25' }],
  image: [...PAGE, { d: 'M5 12l2-3 1.5 2 1-1.2L11 12z', fill: 'currentColor', stroke: 'none' }],
  archive: [...PAGE, { d: 'M8 2v1.5M8 4.5v1.5M8 7v1.5M7 10h2v2H7z' }],
  text: [...PAGE, { d: 'M5.5 7.5h5M5.5 9.5h5M5.5 11.5h3.5' }],
  code: [...PAGE, { d: 'M6.5 8l-1.5 1.75 1.5 1.75M9.5 8l1.5 1.75-1.5 1.75' }],
  generic: PAGE,
};

const built = new Map<EntryType, SVGSVGElement>();

function build(type: EntryType): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  const attributes: Record<string, string> = {
    class: `entry-icon entry-icon--${type}`,
    width: '16',
    height: '16',
    viewBox: '0 0 16 16',
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': '1.1',
    'stroke-linejoin': 'round',
    role: 'img',
    'aria-label': LABELS[type],
  };
  for (const [name, value] of Object.entries(attributes)) svg.setAttribute(name, value);
  for (const spec of SHAPES[type]) {
    const path = document.createElementNS(SVG, 'path');
    for (const [name, value] of Object.entries(spec)) path.setAttribute(name, value);
    svg.append(path);
  }
  return svg;
}

/**
 * The icon beside an entry's name, as a fresh element: the object list writes its pooled rows
 * directly rather than through React, so it swaps icons as DOM nodes, cloned from one per type.
 * Decorative next to the name, but labelled so a screen reader hears the type once.
 */
export function entryIconElement(type: EntryType): SVGSVGElement {
  let template = built.get(type);
  if (!template) {
    template = build(type);
    built.set(type, template);
  }
  return template.cloneNode(true) as SVGSVGElement;
}
