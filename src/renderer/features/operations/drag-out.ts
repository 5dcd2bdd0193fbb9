import { call, toAppError } from '../../lib/api';
import { type OperationNotice, pluralize } from './notice';
import type { SelectionPayload } from './selection';

/** Whether the mouse button was let go since the drag began (the page's own drag was cancelled). */
function watchButtonRelease(): { released: () => boolean; stop: () => void } {
  let released = false;
  const onUp = (): void => {
    released = true;
  };
  window.addEventListener('pointerup', onUp, true);
  window.addEventListener('mouseup', onUp, true);
  return {
    released: () => released,
    stop: () => {
      window.removeEventListener('pointerup', onUp, true);
      window.removeEventListener('mouseup', onUp, true);
    },
  };
}

interface DragOut {
  readonly sessionId: string;
  readonly bucket: string;
  readonly selection: SelectionPayload;
  readonly count: number;
}

/**
 * Rows dragged to the desktop: main downloads them to a temporary folder it owns (progress in
 * Transfers), then starts the OS drag. The OS drag can only start while the button is still
 * down; if it was let go before the files were ready, they stay prepared for a second drag,
 * which then starts at once.
 */
export function dragOutToOs(
  { sessionId, bucket, selection, count }: DragOut,
  report: (notice: OperationNotice | undefined) => void,
): void {
  const button = watchButtonRelease();
  const items = pluralize(count, 'item');
  const slow = window.setTimeout(
    () => report({ kind: 'info', text: `Preparing ${items} to drag out (see Transfers)…` }),
    400,
  );
  call('prepareDragOut', { sessionId, bucket, keys: [...selection.keys], prefixes: [...selection.prefixes] })
    .then(async (prepared) => {
      window.clearTimeout(slow);
      if (button.released()) {
        report({
          kind: 'info',
          text: `${items} ready: drag ${count === 1 ? 'it' : 'them'} out again to drop.`,
        });
        return;
      }
      await call('startDragOut', { dragId: prepared.dragId });
      report(prepared.notices.length ? { kind: 'info', text: prepared.notices.join(' ') } : undefined);
    })
    .catch((err: unknown) => {
      window.clearTimeout(slow);
      report({ kind: 'error', title: 'Could not drag out', error: toAppError(err) });
    })
    .finally(button.stop);
}
