import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../shared/errors/app-error';
import type { MfaPrompt } from '../../shared/models/session';
import type { MfaPrompter, MfaRequest } from '../credentials/mfa-prompter';
import type { EventSink } from '../events/event-sink';

interface Pending {
  readonly key: string;
  readonly prompt: MfaPrompt;
  readonly promise: Promise<string>;
  readonly resolve: (code: string) => void;
  readonly reject: (err: AppFailure) => void;
}

/** Same step, same attempt: two switches racing for one role share one prompt. */
const keyOf = (req: MfaRequest): string =>
  JSON.stringify([req.profile, req.roleArn, req.mfaSerial, req.attempt]);

/**
 * Asks the window for MFA codes through events, and takes the answers back from IPC handlers.
 * The credential chain sees only `MfaPrompter`, so it never learns about windows.
 *
 * A prompt is main's state, not the window's: it stays open until answered or cancelled, is
 * part of the snapshot a (re)attaching window gets, and is offered again whenever the same
 * step asks again, so a window that lost it (a reload) can still answer it.
 */
export class MfaBroker implements MfaPrompter {
  readonly #sink: EventSink;
  readonly #newId: () => string;
  readonly #pending = new Map<string, Pending>();

  constructor(sink: EventSink, newId: () => string = randomUUID) {
    this.#sink = sink;
    this.#newId = newId;
  }

  ask(req: MfaRequest): Promise<string> {
    const key = keyOf(req);
    for (const pending of this.#pending.values()) {
      if (pending.key !== key) continue;
      this.#sink.emit('mfaRequired', pending.prompt);
      return pending.promise;
    }

    const promptId = this.#newId();
    let resolve!: (code: string) => void;
    let reject!: (err: AppFailure) => void;
    const promise = new Promise<string>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const prompt: MfaPrompt = {
      promptId,
      profile: req.profile,
      roleArn: req.roleArn,
      mfaSerial: req.mfaSerial,
      attempt: req.attempt,
      ...(req.error ? { error: req.error } : {}),
    };
    this.#pending.set(promptId, { key, prompt, promise, resolve, reject });
    this.#sink.emit('mfaRequired', prompt);
    return promise;
  }

  answer(promptId: string, code: string): void {
    this.#settle(promptId).resolve(code);
  }

  cancel(promptId: string): void {
    this.#settle(promptId).reject(new AppFailure('mfa-cancelled', 'The MFA prompt was cancelled.'));
  }

  /** Every prompt still waiting for a code, oldest first. */
  pending(): readonly MfaPrompt[] {
    return [...this.#pending.values()].map((p) => p.prompt);
  }

  /** Cancels every open prompt, e.g. when the window that would answer them goes away. */
  cancelAll(): void {
    for (const promptId of [...this.#pending.keys()]) this.cancel(promptId);
  }

  #settle(promptId: string): Pending {
    const pending = this.#pending.get(promptId);
    if (!pending) {
      throw new AppFailure('not-found', 'That MFA prompt is no longer open.', { details: { promptId } });
    }
    this.#pending.delete(promptId);
    this.#sink.emit('mfaSettled', { promptId });
    return pending;
  }
}
