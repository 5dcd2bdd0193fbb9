import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/shared/ipc/build-api';
import { eventNames, requestNames } from '../../src/shared/ipc/channels';
import { requestSchemas } from '../../src/shared/ipc/schemas';

describe('IPC contract', () => {
  it('has a schema for every request and no schema without a request', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...requestNames].sort());
  });

  it('gives the preload and the bridge one method per request, plus on() and grantDroppedFiles()', async () => {
    const invoked: Array<[string, unknown]> = [];
    const api = buildApi({
      invoke: async (name, input) => {
        invoked.push([name, input]);
        return { ok: true, value: null };
      },
      subscribe: () => () => undefined,
      grantDroppedFiles: async () => ({ ok: true, value: { paths: [], withoutPath: 0 } }),
    });
    expect(Object.keys(api).sort()).toEqual([...requestNames, 'on', 'grantDroppedFiles'].sort());
    await api.openSession({ profile: 'dev' });
    expect(invoked).toEqual([['openSession', { profile: 'dev' }]]);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('refuses to subscribe to an event the contract does not name', () => {
    const subscribed: string[] = [];
    const api = buildApi({
      invoke: async () => ({ ok: true, value: null }),
      subscribe: (event) => {
        subscribed.push(event);
        return () => undefined;
      },
      grantDroppedFiles: async () => ({ ok: true, value: { paths: [], withoutPath: 0 } }),
    });
    for (const event of eventNames) api.on(event, () => undefined);
    expect(subscribed).toEqual([...eventNames]);
    expect(() => api.on('ipc-message' as never, () => undefined)).toThrow(/Unknown event/);
  });
});
