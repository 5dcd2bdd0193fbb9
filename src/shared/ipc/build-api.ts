import type { Result } from '../models/errors';
import { type EventName, eventNames, type RequestName, requestNames } from './channels';
import type { CrossbucketApi, DroppedFiles, EventPayloads } from './contract';

/** How one shell moves requests and events: Electron IPC in the preload, HTTP in the browser bridge. */
export interface Transport {
  invoke(name: RequestName, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  grantDroppedFiles(files: readonly File[]): Promise<Result<DroppedFiles>>;
}

const knownEvents: ReadonlySet<string> = new Set(eventNames);

/**
 * Builds the named-method API from the contract's names, so the preload and the bridge
 * client expose exactly the same surface and neither can drift from the contract.
 * Each method takes one object, which keeps stray arguments (click events) off the wire.
 */
export function buildApi(transport: Transport): CrossbucketApi {
  const methods = Object.fromEntries(
    requestNames.map((name) => [name, (input: unknown) => transport.invoke(name, input ?? {})]),
  );
  const on = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): (() => void) => {
    if (!knownEvents.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    return transport.subscribe(event, (payload) => listener(payload as EventPayloads[E]));
  };
  return Object.freeze({
    ...methods,
    on,
    grantDroppedFiles: (files: readonly File[]) => transport.grantDroppedFiles(Array.from(files)),
  }) as CrossbucketApi;
}
