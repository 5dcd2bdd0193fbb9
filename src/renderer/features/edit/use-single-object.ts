import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { ObjectDetails } from '../../../shared/models/s3';
import { call, toAppError } from '../../lib/api';
import type { SelectionPayload } from '../operations/selection';

export type SingleObject =
  | { readonly status: 'loading' }
  | { readonly status: 'selection' }
  | { readonly status: 'ready'; readonly details: ObjectDetails }
  | { readonly status: 'error'; readonly error: AppError };

/**
 * An edit of one object starts from what it has now (read fresh, not from the listing); an
 * edit of a selection starts blank.
 */
export function useSingleObject(
  sessionId: string,
  bucket: string,
  selection: SelectionPayload,
): SingleObject {
  const key = selection.prefixes.length === 0 && selection.keys.length === 1 ? selection.keys[0] : undefined;
  const [state, setState] = useState<SingleObject>(key ? { status: 'loading' } : { status: 'selection' });
  useEffect(() => {
    if (!key) return;
    let live = true;
    call('headObject', { sessionId, bucket, key })
      .then((details) => live && setState({ status: 'ready', details }))
      .catch((err: unknown) => live && setState({ status: 'error', error: toAppError(err) }));
    return () => {
      live = false;
    };
  }, [sessionId, bucket, key]);
  return state;
}
