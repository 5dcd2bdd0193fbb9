import type { PaneId } from '../../stores/workspace-store';

/**
 * Rows dragged from one pane to the other carry only where they come from and which keys:
 * never credentials. The type is private to this window; other apps ignore it.
 */
export const SELECTION_MIME = 'application/x-crossbucket-selection';

export interface DraggedSelection {
  readonly paneId: PaneId;
  readonly sessionId: string;
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
}

/**
 * Which pane a drag started in. `dragover` cannot read the payload (only its types), yet a
 * pane must know not to offer a drop onto itself.
 */
let dragSource: PaneId | undefined;

export const setDragSource = (paneId: PaneId | undefined): void => {
  dragSource = paneId;
};

export const getDragSource = (): PaneId | undefined => dragSource;

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Parses the payload defensively: a drop is input like any other. */
export function readDraggedSelection(data: string): DraggedSelection | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as Record<string, unknown>;
    if (v.paneId !== 'left' && v.paneId !== 'right') return undefined;
    if (typeof v.sessionId !== 'string' || typeof v.bucket !== 'string') return undefined;
    if (!isStringArray(v.keys) || !isStringArray(v.prefixes)) return undefined;
    return { paneId: v.paneId, sessionId: v.sessionId, bucket: v.bucket, keys: v.keys, prefixes: v.prefixes };
  } catch {
    return undefined;
  }
}
