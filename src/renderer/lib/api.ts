/**
 * The only module that touches `window.crossbucket` (put there by the preload, or by the
 * browser bridge client in the test harness). Everything else calls through `call`, which
 * turns a `Result` error into a thrown `ApiError` so stores can use plain try/catch.
 */
import type { EventName, RequestName } from '../../shared/ipc/channels';
import type {
  CrossbucketApi,
  DroppedFiles,
  EventPayloads,
  RequestInput,
  RequestResult,
} from '../../shared/ipc/contract';
import type { AppError, Result } from '../../shared/models/errors';

declare global {
  interface Window {
    readonly crossbucket?: CrossbucketApi;
  }
}

export class ApiError extends Error {
  readonly appError: AppError;

  constructor(appError: AppError) {
    super(appError.message);
    this.name = 'ApiError';
    this.appError = appError;
  }
}

const missingBridge: AppError = {
  code: 'internal',
  message: 'The app bridge is missing, so the window cannot reach its main process.',
  hints: ['Restart Crossbucket. If it keeps happening, the preload script failed to load.'],
};

/** Read lazily: the harness's bridge client may install itself after this module loads. */
function bridge(): CrossbucketApi {
  const found = window.crossbucket;
  if (!found) throw new ApiError(missingBridge);
  return found;
}

export const api = {
  get available(): boolean {
    return window.crossbucket !== undefined;
  },
} as const;

/** Hands the files of an OS drop to main, which grants (and returns) the paths it may upload. */
export async function grantDroppedFiles(files: readonly File[]): Promise<DroppedFiles> {
  const result = await bridge().grantDroppedFiles(files);
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export async function call<K extends RequestName>(
  name: K,
  input: RequestInput<K>,
): Promise<RequestResult<K>> {
  // Indexing the API with a generic key yields a union of methods TypeScript cannot call;
  // the contract guarantees this is the method for K.
  const method = bridge()[name] as unknown as (input: RequestInput<K>) => Promise<Result<RequestResult<K>>>;
  const result = await method(input);
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

export function onEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayloads[E]) => void,
): () => void {
  return bridge().on(event, listener);
}

/** The AppError behind anything a call may throw, so UI code renders one shape. */
export function toAppError(err: unknown): AppError {
  if (err instanceof ApiError) return err.appError;
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
