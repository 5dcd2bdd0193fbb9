import type { AppError } from '../../../shared/models/errors';

/** The outcome of the last operation in a pane, shown in its status strip until dismissed. */
export type OperationNotice =
  | { readonly kind: 'info'; readonly text: string }
  | { readonly kind: 'error'; readonly title: string; readonly error: AppError };

export const pluralize = (n: number, one: string, many = `${one}s`): string =>
  `${new Intl.NumberFormat().format(n)} ${n === 1 ? one : many}`;

/** Main reports keys it mapped to safe names or left out; users should see those. */
export function enqueueText(items: number, verb: string, notices: readonly string[]): string {
  const head = items === 0 ? 'Nothing was queued.' : `${verb} ${pluralize(items, 'item')}.`;
  return notices.length === 0 ? head : `${head} ${notices.join(' ')}`;
}
