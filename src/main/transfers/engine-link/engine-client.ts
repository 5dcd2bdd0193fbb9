import type { AwsCredentialIdentity } from '@aws-sdk/types';
import {
  type CheckpointState,
  type DeepChecked,
  type FromEngine,
  fromEngineSchemas,
  type Job,
  type Message,
  type Operation,
  type Outcome,
  type Place,
  parseMessage,
  type RangeSource,
  type TaskProgress,
  type TaskState,
  type ToEngine,
  type Tuning,
} from '../../../shared/engine/protocol';
import type { TaskRecord } from '../../../shared/engine/records';
import { AppFailure } from '../../../shared/errors/app-error';
import { toAppError } from '../../../shared/errors/to-app-error';
import { log } from '../../security/log';
import type { SessionAccess } from '../../sessions/session-access';
import type { EngineChannel, EngineLauncher } from './engine-channel';

/** What a proxy task hands the client and gets back: its state as the engine reports it. */
export interface EngineTaskView {
  readonly taskId: string;
  /** The job to (re)open the task with in a fresh engine: the last record it reported. */
  job(): Job;
  update(state: TaskProgress | TaskState): void;
  /**
   * Takes a checkpoint's state (`seq` its number); false when its delta does not apply to the
   * record held, which then stays as it was.
   */
  checkpointed(seq: number, state: CheckpointState): boolean;
}

export interface EngineClientDeps {
  readonly launch: EngineLauncher;
  readonly sessions: Pick<SessionAccess, 'context' | 'onRenewed' | 'onLapsed'>;
  /** Short-lived credentials of a session, fit to hand to the engine (never a long-term key). */
  readonly credentials: (sessionId: string) => Promise<AwsCredentialIdentity>;
  /** The region a session reaches a bucket in (the client pool's, learned from redirects). */
  readonly regionOf: (sessionId: string, bucket: string) => string;
  /** Resolves once the journal holds every task's latest state; absent without a journal. */
  readonly checkpoint?: () => Promise<void>;
}

interface Call extends Settle<Outcome> {
  readonly view: EngineTaskView;
}

/** A deep check's side as main names it: the engine is given the place its session reaches. */
export type CheckedSide =
  | {
      readonly kind: 's3';
      readonly sessionId: string;
      readonly bucket: string;
      readonly key: string;
      readonly expectedOwner?: string;
    }
  | { readonly kind: 'local'; readonly path: string };

interface Running {
  readonly channel: EngineChannel;
  /** Tasks this engine holds; a restarted engine holds none. */
  readonly open: Set<string>;
}

let nextCall = 0;

interface Settle<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * A request to the engine, settled by its answer (`register` keeps `settle` where the answer is
 * looked for, then sends the request); the signal's abort asks the engine to stop that request.
 */
function answered<T>(
  running: Running,
  id: string,
  signal: AbortSignal | undefined,
  register: (settle: Settle<T>) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const abort = (): void => running.channel.send({ type: 'abort', payload: { callId: id } });
    signal?.addEventListener('abort', abort, { once: true });
    const settled = (): void => signal?.removeEventListener('abort', abort);
    register({
      resolve: (value) => {
        settled();
        resolve(value);
      },
      reject: (err) => {
        settled();
        reject(err);
      },
    });
  });
}

/**
 * Main's side of the line: starts the engine when the first task needs it (and again after it
 * died), opens tasks in it from their records, runs their operations, mirrors the state it reports
 * into the proxy tasks, journals each checkpoint before the engine may go on, and answers its
 * requests for credentials from the session store. An engine that dies fails the calls under way
 * (the queue shows them failed, for the user to retry) rather than re-queue them: an engine that
 * crashed on a file would otherwise crash on it again and again.
 */
export class EngineClient {
  #running: Running | undefined;
  readonly #calls = new Map<string, Call>();
  readonly #checks = new Map<
    string,
    { readonly resolve: (r: DeepChecked) => void; readonly reject: (e: unknown) => void }
  >();
  readonly #views = new Map<string, EngineTaskView>();
  /** Sessions the engine was given credentials for, to push renewals to. */
  readonly #given = new Set<string>();
  readonly #stopRenewals: () => void;
  readonly #stopLapses: () => void;
  #stopped = false;

  constructor(private readonly deps: EngineClientDeps) {
    this.#stopRenewals = deps.sessions.onRenewed((sessionId) => {
      if (this.#given.has(sessionId)) void this.#pushCredentials(sessionId).catch(() => undefined);
    });
    this.#stopLapses = deps.sessions.onLapsed((sessionId) => {
      if (this.#given.delete(sessionId))
        this.#running?.channel.send({ type: 'revoke', payload: { sessionId } });
    });
  }

  /** Where each session reaches its bucket; for a copy the target's session first, then the source's. */
  placesFor(record: TaskRecord, sessionIds: readonly string[]): Place[] {
    // A server-side copy reaches both buckets through the target's session.
    if (record.kind === 'server-copy') {
      const [sessionId] = sessionIds as [string];
      return this.#places([record.to, record.from].map((end) => ({ sessionId, ...end })));
    }
    const ends: { bucket: string; owner?: string }[] =
      record.kind === 'copy' ? [record.to, record.from] : [record, record];
    return this.#places(
      sessionIds.map((sessionId, i) => ({ sessionId, ...(ends[i] as { bucket: string; owner?: string }) })),
    );
  }

  #places(
    pairs: readonly { readonly sessionId: string; readonly bucket: string; readonly owner?: string }[],
  ): Place[] {
    return pairs.map(({ sessionId, bucket, owner }) => {
      const endpoint = this.deps.sessions.context(sessionId).s3Endpoint;
      return {
        sessionId,
        bucket,
        region: this.deps.regionOf(sessionId, bucket),
        ...(endpoint !== undefined && { endpoint }),
        ...(owner !== undefined && { owner }),
      };
    });
  }

  /** Compares two sides' bytes range by range in the engine (a compare's deep check). */
  deepCheck(left: CheckedSide, right: CheckedSide, size: number, signal?: AbortSignal): Promise<DeepChecked> {
    if (this.#stopped) return Promise.reject(new AppFailure('cancelled', 'The app is quitting.'));
    const running = this.#engine();
    const checkId = `d${nextCall++}`;
    const source = (side: CheckedSide): RangeSource => {
      if (side.kind === 'local') return side;
      const { sessionId, bucket, key, expectedOwner } = side;
      const [place] = this.#places([{ sessionId, bucket }]) as [Place];
      return { kind: 's3', place, key, ...(expectedOwner !== undefined && { expectedOwner }) };
    };
    return answered<DeepChecked>(running, checkId, signal, (settle) => {
      this.#checks.set(checkId, settle);
      running.channel.send({
        type: 'deepCheck',
        payload: { checkId, left: source(left), right: source(right), size },
      });
    });
  }

  /** Runs one operation of a task in the engine; resolves with how it ended. */
  call(view: EngineTaskView, op: Operation, tuning: Tuning, signal?: AbortSignal, mayReplace = false) {
    if (this.#stopped) return Promise.reject(new AppFailure('cancelled', 'The app is quitting.'));
    const running = this.#engine();
    this.#views.set(view.taskId, view);
    if (!running.open.has(view.taskId)) {
      running.channel.send({ type: 'open', payload: { taskId: view.taskId, job: view.job() } });
      running.open.add(view.taskId);
    }
    const callId = `c${nextCall++}`;
    return answered<Outcome>(running, callId, signal, (settle) => {
      this.#calls.set(callId, { view, ...settle });
      running.channel.send({
        type: 'call',
        payload: { callId, taskId: view.taskId, op, mayReplace, tuning },
      });
    });
  }

  /** The task is done with: the engine forgets it (a later call would open it again). */
  close(taskId: string): void {
    this.#views.delete(taskId);
    const running = this.#running;
    if (!running?.open.delete(taskId)) return;
    running.channel.send({ type: 'close', payload: { taskId } });
  }

  /** Stops the engine once nothing runs; it exits by itself when the channel closes. */
  dispose(): void {
    this.#stopped = true;
    this.#stopRenewals();
    this.#stopLapses();
    this.#running?.channel.stop();
    this.#running = undefined;
  }

  #engine(): Running {
    if (this.#running) return this.#running;
    const channel = this.deps.launch();
    const running: Running = { channel, open: new Set() };
    channel.onMessage((raw) => {
      const parsed = parseMessage(fromEngineSchemas, raw);
      if (parsed.ok) this.#receive(running, parsed.message);
      else log.warn(`Refused a message from the transfer engine: ${parsed.reason}`);
    });
    channel.onExit((code) => this.#exited(running, code));
    this.#running = running;
    this.#given.clear();
    return running;
  }

  #exited(running: Running, code: number | null): void {
    if (this.#running === running) this.#running = undefined;
    if (this.#stopped) return;
    log.error(
      `The transfer engine stopped (exit code ${String(code)}); it starts again with the next transfer.`,
    );
    for (const check of this.#checks.values())
      check.reject(
        new AppFailure('internal', 'The transfer engine stopped unexpectedly; run the deep check again.'),
      );
    for (const [callId, call] of this.#calls) {
      this.#calls.delete(callId);
      call.reject(
        new AppFailure(
          'internal',
          'The transfer engine stopped unexpectedly; retry to continue where it stopped.',
        ),
      );
    }
  }

  #receive(running: Running, message: Message<FromEngine>): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'progress':
        for (const progress of message.payload.tasks) this.#views.get(progress.taskId)?.update(progress);
        return;
      case 'deepChecked': {
        const check = this.#checks.get(message.payload.checkId);
        this.#checks.delete(message.payload.checkId);
        check?.resolve(message.payload);
        return;
      }
      case 'result': {
        const { callId, state, outcome } = message.payload;
        const call = this.#calls.get(callId);
        this.#calls.delete(callId);
        call?.view.update(state);
        call?.resolve(outcome);
        return;
      }
      case 'checkpoint': {
        const { requestId, seq, state } = message.payload;
        const view = this.#views.get(state.taskId);
        if (view && !view.checkpointed(seq, state)) {
          log.warn('A transfer checkpoint did not fit the record main holds; the engine sends it whole.');
          running.channel.send({ type: 'reply', payload: { requestId, resend: true } });
          return;
        }
        void this.#answer(running, requestId, async () => this.deps.checkpoint?.());
        return;
      }
      case 'needCredentials':
        void this.#answer(running, message.payload.requestId, () =>
          this.#pushCredentials(message.payload.sessionId),
        );
        return;
      case 'log':
        // Main's log passes every line through the redactor, the engine's too.
        if (message.payload.level === 'error') log.error(`[engine] ${message.payload.message}`);
        else log.warn(`[engine] ${message.payload.message}`);
        return;
    }
  }

  async #answer(running: Running, requestId: string, work: () => Promise<unknown>): Promise<void> {
    let error: ToEngine['reply']['error'];
    try {
      await work();
    } catch (err) {
      const { code, message, details, hints } = toAppError(err);
      error = { code, message, ...(details && { details }), ...(hints && { hints: [...hints] }) };
    }
    running.channel.send({ type: 'reply', payload: { requestId, ...(error && { error }) } });
  }

  /** The session's current short-lived credentials to the engine. */
  async #pushCredentials(sessionId: string): Promise<void> {
    const running = this.#running;
    if (!running) return;
    const c = await this.deps.credentials(sessionId);
    running.channel.send({
      type: 'credentials',
      payload: {
        sessionId,
        credentials: {
          accessKeyId: c.accessKeyId,
          secretAccessKey: c.secretAccessKey,
          ...(c.sessionToken && { sessionToken: c.sessionToken }),
          ...(c.expiration && { expiresAt: c.expiration.getTime() }),
        },
      },
    });
    this.#given.add(sessionId);
  }
}
