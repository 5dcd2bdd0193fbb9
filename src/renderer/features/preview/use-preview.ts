import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { PreviewChunk, PreviewMode } from '../../../shared/models/objects';
import { call, toAppError } from '../../lib/api';
import { concatBytes, fromBase64 } from './bytes';

export interface PreviewTarget {
  readonly sessionId: string;
  readonly bucket: string;
  readonly objectKey: string;
  readonly versionId?: string;
}

/** Everything loaded so far: text and hex grow with "load more"; an image arrives whole. */
export interface LoadedPreview {
  readonly first: PreviewChunk;
  readonly text: string;
  readonly bytes: Uint8Array;
  readonly nextOffset?: number;
  readonly note?: string;
}

export type PreviewState =
  | { readonly status: 'loading' }
  | {
      readonly status: 'ready';
      readonly loaded: LoadedPreview;
      readonly loadingMore: boolean;
      readonly moreError?: AppError;
    }
  | { readonly status: 'error'; readonly error: AppError };

/** Arrowing through a folder should not start a GET per row passed over. */
const SETTLE_MS = 100;

const newId = (): string => crypto.randomUUID();

/** Tells main to abort a GET this view no longer wants; a finished one is a no-op there. */
const cancel = (requestId: string): void => {
  call('cancelPreview', { requestId }).catch(() => undefined);
};

/** One previewObject request for this object. */
const fetchChunk = (
  { sessionId, bucket, objectKey, versionId }: PreviewTarget,
  requestId: string,
  offset: number,
  mode: PreviewMode,
  gunzip: boolean,
): Promise<PreviewChunk> =>
  call('previewObject', {
    requestId,
    sessionId,
    bucket,
    key: objectKey,
    ...(versionId ? { versionId } : {}),
    offset,
    mode,
    gunzip,
  });

const fromChunk = (chunk: PreviewChunk): LoadedPreview => ({
  first: chunk,
  text: chunk.text ?? '',
  bytes: chunk.kind === 'hex' && chunk.base64 ? fromBase64(chunk.base64) : new Uint8Array(0),
  ...(chunk.nextOffset !== undefined ? { nextOffset: chunk.nextOffset } : {}),
  ...(chunk.note ? { note: chunk.note } : {}),
});

const appended = (loaded: LoadedPreview, chunk: PreviewChunk): LoadedPreview => ({
  first: loaded.first,
  text: loaded.text + (chunk.text ?? ''),
  bytes: chunk.base64 ? concatBytes(loaded.bytes, fromBase64(chunk.base64)) : loaded.bytes,
  ...(chunk.nextOffset !== undefined ? { nextOffset: chunk.nextOffset } : {}),
  ...(chunk.note || loaded.note ? { note: chunk.note ?? loaded.note } : {}),
});

/**
 * Fetches the preview of one object through main and keeps what was loaded. Moving to
 * another object (or unmounting) cancels the request in flight, in main, so its GET stops.
 */
export function usePreview(target: PreviewTarget, mode: PreviewMode) {
  const { sessionId, bucket, objectKey, versionId } = target;
  const [state, setState] = useState<PreviewState>({ status: 'loading' });
  const more = useRef<string | undefined>(undefined);

  useEffect(() => {
    const requestId = newId();
    let live = true;
    let started = false;
    setState({ status: 'loading' });
    const timer = window.setTimeout(() => {
      started = true;
      fetchChunk({ sessionId, bucket, objectKey, versionId }, requestId, 0, mode, false)
        .then((chunk) => live && setState({ status: 'ready', loaded: fromChunk(chunk), loadingMore: false }))
        .catch((err: unknown) => live && setState({ status: 'error', error: toAppError(err) }));
    }, SETTLE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
      if (started) cancel(requestId);
      if (more.current) cancel(more.current);
      more.current = undefined;
    };
  }, [sessionId, bucket, objectKey, versionId, mode]);

  const loadMore = useCallback(() => {
    if (state.status !== 'ready' || state.loadingMore || state.loaded.nextOffset === undefined) return;
    const { loaded } = state;
    const requestId = newId();
    more.current = requestId;
    setState({ ...state, loadingMore: true, moreError: undefined });
    fetchChunk(
      { sessionId, bucket, objectKey, versionId },
      requestId,
      loaded.nextOffset ?? 0,
      loaded.first.kind === 'hex' ? 'hex' : 'text',
      loaded.first.gunzipped === true,
    )
      .then((chunk) => {
        if (more.current !== requestId) return;
        more.current = undefined;
        setState({ status: 'ready', loaded: appended(loaded, chunk), loadingMore: false });
      })
      .catch((err: unknown) => {
        if (more.current !== requestId) return;
        more.current = undefined;
        setState({ status: 'ready', loaded, loadingMore: false, moreError: toAppError(err) });
      });
  }, [state, sessionId, bucket, objectKey, versionId]);

  return { state, loadMore };
}
