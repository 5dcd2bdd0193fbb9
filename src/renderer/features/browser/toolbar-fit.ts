/** The folder and selection actions of a pane's toolbar, in the order they are shown. */
export const toolbarActions = [
  'new-folder',
  'upload',
  'download',
  'delete',
  'rename',
  'copy-to',
  'presign',
  'check-access',
  'storage-summary',
  'incomplete-uploads',
  'compare',
] as const;

export type ToolbarAction = (typeof toolbarActions)[number];

/** Which actions stay on the bar when not all fit: what people do most, first. */
export const actionPriority: readonly ToolbarAction[] = [
  'upload',
  'download',
  'new-folder',
  'delete',
  'rename',
  'copy-to',
  'presign',
  'check-access',
  'storage-summary',
  'incomplete-uploads',
  'compare',
];

export interface ToolbarMeasure {
  /** The toolbar's content width. */
  readonly width: number;
  /** The back/forward/up/refresh group. */
  readonly nav: number;
  /** Each action button's natural width. */
  readonly actions: Readonly<Record<ToolbarAction, number>>;
  /** The "More ▾" button that holds the actions left off. */
  readonly more: number;
  readonly gap: number;
  /** The address bar is never squeezed below this. */
  readonly addressMin: number;
}

export interface ToolbarFit {
  /** Navigation and the address bar on one row, the actions on a second. */
  readonly stacked: boolean;
  readonly shown: ReadonlySet<ToolbarAction>;
}

/**
 * One tidy row when everything fits; otherwise two deliberate rows (address, then actions),
 * and the actions that do not fit on theirs go into "More ▾", least used first — never a
 * ragged wrap onto a third line.
 */
export function fitToolbar(m: ToolbarMeasure): ToolbarFit {
  const row = (ids: readonly ToolbarAction[]): number =>
    ids.reduce((sum, id) => sum + m.actions[id], 0) + m.gap * Math.max(0, ids.length - 1);
  const all = row(toolbarActions);
  if (m.nav + m.addressMin + all + 2 * m.gap <= m.width)
    return { stacked: false, shown: new Set(toolbarActions) };
  if (all <= m.width) return { stacked: true, shown: new Set(toolbarActions) };
  const shown = new Set<ToolbarAction>();
  let used = m.more;
  for (const id of actionPriority) {
    const next = used + m.gap + m.actions[id];
    if (next > m.width) break;
    shown.add(id);
    used = next;
  }
  return { stacked: true, shown };
}
