import { describe, expect, it } from 'vitest';
import { MfaBroker } from '../../../src/main/sessions/mfa-broker';
import { AppFailure } from '../../../src/shared/errors/app-error';
import { RecordingSink } from './test-doubles';

const request = {
  profile: 'audit',
  roleArn: 'arn:aws:iam::333333333333:role/audit',
  mfaSerial: 'arn:aws:iam::111111111111:mfa/dev',
  attempt: 1,
};

const ids = () => {
  let n = 0;
  return () => `prompt-${++n}`;
};

describe('MfaBroker', () => {
  it('asks the window for a code and resolves with the answer', async () => {
    const sink = new RecordingSink();
    const broker = new MfaBroker(sink, ids());
    const code = broker.ask(request);
    expect(sink.of('mfaRequired')).toEqual([{ promptId: 'prompt-1', ...request }]);
    broker.answer('prompt-1', '123456');
    await expect(code).resolves.toBe('123456');
    expect(sink.of('mfaSettled')).toEqual([{ promptId: 'prompt-1' }]);
  });

  it('shows the refusal of the previous code on the next prompt', () => {
    const sink = new RecordingSink();
    const broker = new MfaBroker(sink, ids());
    const error = { code: 'mfa-invalid' as const, message: 'AWS did not accept that MFA code.' };
    void broker.ask({ ...request, attempt: 2, error });
    expect(sink.of('mfaRequired')[0]).toMatchObject({ attempt: 2, error });
  });

  it('rejects with mfa-cancelled when the user cancels', async () => {
    const sink = new RecordingSink();
    const broker = new MfaBroker(sink, ids());
    const code = broker.ask(request);
    broker.cancel('prompt-1');
    const err = await code.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppFailure);
    expect((err as AppFailure).appError.code).toBe('mfa-cancelled');
    expect(sink.of('mfaSettled')).toEqual([{ promptId: 'prompt-1' }]);
  });

  it('refuses an answer to a prompt that is not open', async () => {
    const broker = new MfaBroker(new RecordingSink(), ids());
    const code = broker.ask(request);
    broker.answer('prompt-1', '123456');
    await code;
    expect(() => broker.answer('prompt-1', '654321')).toThrow(AppFailure);
    expect(() => broker.cancel('nope')).toThrow(
      expect.objectContaining({ appError: expect.objectContaining({ code: 'not-found' }) }),
    );
  });

  it('shares one prompt when two switches need the same code, offering it again rather than keeping it silent', async () => {
    const sink = new RecordingSink();
    const broker = new MfaBroker(sink, ids());
    const first = broker.ask(request);
    const second = broker.ask({ ...request });
    // The same prompt twice: a window that lost the first (a reload) gets it back; one that has it replaces it.
    expect(sink.of('mfaRequired')).toEqual([
      { promptId: 'prompt-1', ...request },
      { promptId: 'prompt-1', ...request },
    ]);
    broker.answer('prompt-1', '123456');
    await expect(Promise.all([first, second])).resolves.toEqual(['123456', '123456']);
  });

  it('lists the prompts still open, for a window that attaches, until each is answered or cancelled', async () => {
    const broker = new MfaBroker(new RecordingSink(), ids());
    const audit = broker.ask(request);
    const other = broker.ask({ ...request, profile: 'other' }).catch(() => 'cancelled');
    expect(broker.pending()).toEqual([
      { promptId: 'prompt-1', ...request },
      { promptId: 'prompt-2', ...request, profile: 'other' },
    ]);
    broker.answer('prompt-1', '123456');
    await audit;
    broker.cancel('prompt-2');
    await other;
    expect(broker.pending()).toEqual([]);
  });

  it('cancels every open prompt at once', async () => {
    const broker = new MfaBroker(new RecordingSink(), ids());
    const a = broker.ask(request).catch((e: AppFailure) => e.appError.code);
    const b = broker.ask({ ...request, profile: 'other' }).catch((e: AppFailure) => e.appError.code);
    broker.cancelAll();
    await expect(Promise.all([a, b])).resolves.toEqual(['mfa-cancelled', 'mfa-cancelled']);
  });
});
