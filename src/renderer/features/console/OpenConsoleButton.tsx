import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { useBrowserStore } from '../../stores/browser-store';
import { useWorkspaceStore } from '../../stores/workspace-store';
import './console.css';

/** What the focused pane shows, if it shows this session: the Console opens on the same page. */
function focusedPlace(sessionId: string): { bucket?: string; key?: string } {
  const { focusedPaneId } = useWorkspaceStore.getState();
  const browser = useBrowserStore.getState().panes[focusedPaneId];
  if (browser?.sessionId !== sessionId || browser.location.bucket === undefined) return {};
  const [only, ...more] = [...browser.selection];
  const key = only !== undefined && more.length === 0 ? only : browser.location.prefix;
  return { bucket: browser.location.bucket, key };
}

/** Asks main to open the Console; the sign-in URL carries a token, so it never comes back here. */
export async function openConsole(sessionId: string, place = focusedPlace(sessionId)): Promise<void> {
  await call('openConsole', { sessionId, ...place });
}

interface Props {
  readonly sessionId: string;
  readonly disabled: boolean;
}

/** "Open Console": the AWS Console in the system browser, signed in as this session. */
export function OpenConsoleButton({ sessionId, disabled }: Props) {
  const [state, setState] = useState<'idle' | 'opening' | 'opened'>('idle');
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    if (state !== 'opened') return;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);

  const open = (): void => {
    setState('opening');
    setError(undefined);
    openConsole(sessionId).then(
      () => setState('opened'),
      (err: unknown) => {
        setState('idle');
        setError(toAppError(err));
      },
    );
  };

  return (
    <>
      <button
        type="button"
        className="button"
        disabled={disabled || state === 'opening'}
        onClick={open}
        title="Open the AWS Console in your browser, signed in as this session, at the focused pane’s folder"
      >
        {state === 'opening' ? 'Opening…' : state === 'opened' ? 'Opened in browser' : 'Open Console'}
      </button>
      {error ? (
        <div className="session-header__console-error">
          <ErrorNotice
            error={error}
            title="Could not open the Console"
            compact
            onDismiss={() => setError(undefined)}
          />
        </div>
      ) : null}
    </>
  );
}
