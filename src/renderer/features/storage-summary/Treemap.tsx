import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { useMemo } from 'react';
import type { ChildTally } from '../../../shared/models/storage-summary';
import { formatBytes } from '../../components/format';
import { classColor, orderClasses } from './class-colors';
import { childLabel } from './csv';

interface Props {
  readonly base: string;
  readonly items: readonly ChildTally[];
  /** Drills into a sub-prefix (the loose objects of the folder have none). */
  readonly onOpen: (prefix: string) => void;
}

const WIDTH = 640;
const HEIGHT = 300;

interface Node {
  readonly name: string;
  readonly bytes?: number;
  readonly storageClass?: string;
  readonly children?: readonly Node[];
}

/**
 * Sub-prefixes by bytes (d3-hierarchy's squarified layout), each split into its storage classes.
 * Boxes are buttons: a click opens that folder in the pane. The table view gives the same numbers
 * to the keyboard and screen readers.
 */
export function Treemap({ base, items, onOpen }: Props) {
  const boxes = useMemo(() => {
    const root: Node = {
      name: base,
      children: items
        .filter((c) => c.bytes > 0)
        .map((c) => ({
          name: c.prefix,
          children: orderClasses(Object.keys(c.byClass)).map((cls) => ({
            name: cls,
            storageClass: cls,
            bytes: c.byClass[cls] ?? 0,
          })),
        })),
    };
    const laidOut = treemap<Node>()
      .size([WIDTH, HEIGHT])
      .tile(treemapSquarify)
      .paddingOuter(2)
      .paddingTop((n) => (n.depth === 1 ? 16 : 2))
      .paddingInner(1)(
      hierarchy(root)
        .sum((n) => n.bytes ?? 0)
        .sort((a, b) => (b.value ?? 0) - (a.value ?? 0)),
    );
    return (laidOut.children ?? []).map((group) => ({
      prefix: group.data.name,
      bytes: group.value ?? 0,
      x: group.x0,
      y: group.y0,
      w: group.x1 - group.x0,
      h: group.y1 - group.y0,
      parts: (group.children ?? []).map((leaf) => ({
        storageClass: leaf.data.storageClass ?? '',
        x: leaf.x0 - group.x0,
        y: leaf.y0 - group.y0,
        w: leaf.x1 - leaf.x0,
        h: leaf.y1 - leaf.y0,
      })),
    }));
  }, [base, items]);

  if (boxes.length === 0) return <p className="muted">No bytes to draw.</p>;
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <figure className="storage-treemap" aria-label="Sub-prefixes by size">
      {boxes.map((box) => {
        const label = childLabel(box.prefix, base);
        const style = {
          left: pct(box.x, WIDTH),
          top: pct(box.y, HEIGHT),
          width: pct(box.w, WIDTH),
          height: pct(box.h, HEIGHT),
        };
        const title = `${label}: ${formatBytes(box.bytes)}`;
        const inner = (
          <>
            {box.parts.map((p) => (
              <span
                key={p.storageClass}
                className="storage-treemap__part"
                style={{
                  left: pct(p.x, box.w),
                  top: pct(p.y, box.h),
                  width: pct(p.w, box.w),
                  height: pct(p.h, box.h),
                  background: classColor(p.storageClass),
                }}
              />
            ))}
            <span className="storage-treemap__label">
              {label} · {formatBytes(box.bytes)}
            </span>
          </>
        );
        return box.prefix === '' ? (
          <div key="(here)" className="storage-treemap__box" style={style} title={title}>
            {inner}
          </div>
        ) : (
          <button
            key={box.prefix}
            type="button"
            className="storage-treemap__box storage-treemap__box--folder"
            style={style}
            title={`${title} — open`}
            aria-label={`Open ${label} (${formatBytes(box.bytes)})`}
            onClick={() => onOpen(box.prefix)}
          >
            {inner}
          </button>
        );
      })}
    </figure>
  );
}
