import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../src/main/ipc/dispatcher';
import { AppFailure } from '../../../src/shared/errors/app-error';
import { requestNames } from '../../../src/shared/ipc/channels';

/** Handlers that record what reached them, so a test can prove invalid input never does. */
function recordingHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    requestNames.map((name) => [
      name,
      async (input: unknown) => {
        calls.push(name);
        return input;
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('dispatcher', () => {
  it('passes valid input to the handler and wraps the result', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    const result = await dispatch('openSession', { profile: 'deploy' });
    expect(result).toEqual({ ok: true, value: { profile: 'deploy' } });
    expect(calls).toEqual(['openSession']);
  });

  it.each([
    ['a wrong type', { profile: 42 }],
    ['an extra field', { profile: 'deploy', admin: true }],
    ['a huge string', { profile: 'x'.repeat(1_000_000) }],
    ['a missing field', {}],
    ['null', null],
    ['an array', ['deploy']],
  ])('rejects %s with a typed validation error before any service runs', async (_label, input) => {
    const { handlers, calls } = recordingHandlers();
    const result = await createDispatcher(handlers)('openSession', input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('validation');
      expect(result.error.message).toContain('openSession');
    }
    expect(calls).toEqual([]);
  });

  it('rejects unknown and prototype request names', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers);
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      const result = await dispatch(name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(calls).toEqual([]);
  });

  it('rejects a 7-digit MFA code and an S3 key over 1,024 bytes', async () => {
    const dispatch = createDispatcher(recordingHandlers().handlers);
    expect(await dispatch('answerMfa', { promptId: 'p', code: '1234567' })).toMatchObject({ ok: false });
    const longKey = 'é'.repeat(513); // 1,026 bytes in UTF-8
    expect(await dispatch('headObject', { sessionId: 's', bucket: 'bucket', key: longKey })).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
  });

  it('turns a thrown failure into its AppError and an unexpected error into a message without a stack', async () => {
    const { handlers } = recordingHandlers();
    const internal: unknown[] = [];
    const dispatch = createDispatcher(
      {
        ...handlers,
        closeSession: async () => {
          throw new AppFailure('not-found', 'No such session.');
        },
        listSessions: async () => {
          throw new TypeError('boom');
        },
      },
      (err) => internal.push(err),
    );
    expect(await dispatch('closeSession', { sessionId: 'x' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No such session.' },
    });
    const crashed = await dispatch('listSessions', {});
    expect(crashed).toMatchObject({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(JSON.stringify(crashed)).not.toContain('at ');
    expect(internal).toHaveLength(1);
  });
});
