import { useEffect, useRef } from 'react';
import type { MenuCommand } from '../../../shared/ipc/contract';
import { onCommand } from '../../lib/commands';
import { type PaneId, useWorkspaceStore } from '../../stores/workspace-store';

export type PaneCommandHandlers = Partial<Record<MenuCommand, () => void>>;

/**
 * Runs menu commands (and their keys in the browser shell) in this pane, but only while it
 * is the focused one: with two panes open, both subscribe and exactly one acts.
 */
export function usePaneCommands(paneId: PaneId, handlers: PaneCommandHandlers): void {
  // The handlers close over this render's selection; a ref keeps the subscription stable.
  const latest = useRef(handlers);
  latest.current = handlers;
  const commands = Object.keys(handlers).sort().join(' ');

  useEffect(() => {
    const offs = (commands.split(' ') as MenuCommand[]).map((command) =>
      onCommand(command, () => {
        if (useWorkspaceStore.getState().focusedPaneId !== paneId) return;
        latest.current[command]?.();
      }),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [paneId, commands]);
}
