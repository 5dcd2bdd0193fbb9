import { toAppError } from '../../shared/errors/to-app-error';
import type { RequestName } from '../../shared/ipc/channels';
import type { ParsedInput, RequestResult } from '../../shared/ipc/contract';
import { droppedPathsSchema, requestSchemas } from '../../shared/ipc/schemas';
import type { AppError, Result } from '../../shared/models/errors';

export type Handlers = {
  readonly [K in RequestName]: (input: ParsedInput<K>) => Promise<RequestResult<K>>;
};

export type Dispatch = (name: string, input: unknown) => Promise<Result<unknown>>;

const MAX_ISSUES = 5;

const hasOwn = (o: object, k: string): boolean => Object.hasOwn(o, k);

/**
 * The single path from an untrusted caller (the renderer over Electron IPC, or the browser
 * bridge) to a service: unknown names and invalid input become typed errors before any
 * service runs, and whatever a service throws becomes an AppError, never a stack trace.
 */
export function createDispatcher(handlers: Handlers, onInternalError?: (err: unknown) => void): Dispatch {
  return async (name, input) => {
    if (typeof name !== 'string' || !hasOwn(requestSchemas, name)) {
      return { ok: false, error: { code: 'validation', message: 'Unknown request.' } };
    }
    const requestName = name as RequestName;
    const parsed = requestSchemas[requestName].safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, MAX_ISSUES);
      const error: AppError = {
        code: 'validation',
        message: `Invalid input for ${requestName}.`,
        details: Object.fromEntries(
          issues.map((issue) => [issue.path.join('.') || '(input)', issue.message.slice(0, 200)]),
        ),
      };
      return { ok: false, error };
    }
    try {
      const handler = handlers[requestName] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      const error = toAppError(err);
      if (error.code === 'internal') onInternalError?.(err);
      return { ok: false, error };
    }
  };
}

export type DropDispatch = (input: unknown) => Promise<Result<readonly string[]>>;

/**
 * The drop-only channel's side of main: the shell resolved these paths from a real drop, so
 * they are granted for upload. Validated like any request; a failure is a typed error.
 */
export function createDropDispatcher(
  grantDropped: (paths: readonly string[]) => Promise<readonly string[]>,
): DropDispatch {
  return async (input) => {
    const parsed = droppedPathsSchema.safeParse(input);
    if (!parsed.success)
      return { ok: false, error: { code: 'validation', message: 'Invalid dropped paths.' } };
    try {
      return { ok: true, value: await grantDropped(parsed.data.paths) };
    } catch (err) {
      return { ok: false, error: toAppError(err) };
    }
  };
}
