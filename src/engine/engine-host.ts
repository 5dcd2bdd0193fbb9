import type { FromEngine, Message, TaskProgress, TaskState, ToEngine } from '../shared/engine/protocol';
import { AppFailure } from '../shared/errors/app-error';
import { toAppError } from '../shared/errors/to-app-error';
import { systemClock } from '../shared/transfers/clock';
import { CheckpointLine } from './checkpoint-line';
import { deepCheck } from './deep-check';
import { EngineClients } from './engine-clients';
import { log } from './log';
import { makeTask } from './make-task';
import { TargetAppeared, type TransferTask, type TransferTuning } from './transfers/task';

/** How often the bytes of running tasks are reported: main samples them every 250 ms. */
export const PROGRESS_INTERVAL_MS = 100;

export type Send = (message: Message<FromEngine>) => void;

interface Held {
  readonly task: TransferTask;
  /** The settings of the call under way, read by the task as it starts a file. */
  tuning: TransferTuning;
  /** Numbers its checkpoints and makes deltas of them. */
  readonly checkpoints: CheckpointLine;
}

interface Waiting {
  resolve(): void;
  reject(err: unknown): void;
  /** A checkpoint's task: main may ask for its record whole. */
  readonly checkpoint?: { readonly taskId: string; readonly held: Held };
}

let nextRequest = 0;

/**
 * The engine's side of the line: a table of tasks by main's ids, each operation main calls run
 * against its task with an abort signal main controls, the bytes of running tasks reported a few
 * times a second, and every checkpoint held until main says the journal has it. It keeps no
 * books of its own: a task it no longer holds is one main will open again from its record.
 */
export class EngineHost {
  readonly #tasks = new Map<string, Held>();
  readonly #calls = new Map<string, { readonly taskId: string; readonly controller: AbortController }>();
  readonly #requests = new Map<string, Waiting>();
  readonly #checks = new Map<string, { readonly controller: AbortController }>();
  readonly #clients: EngineClients;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly send: Send,
    options: { readonly idleTimeoutMs?: number } = {},
  ) {
    this.#clients = new EngineClients((sessionId) => this.#request({ sessionId }), options.idleTimeoutMs);
  }

  receive(message: Message<ToEngine>): void {
    switch (message.type) {
      case 'open':
        this.#open(message.payload);
        return;
      case 'call':
        void this.#call(message.payload);
        return;
      case 'abort':
        (
          this.#calls.get(message.payload.callId) ?? this.#checks.get(message.payload.callId)
        )?.controller.abort(new AppFailure('cancelled', 'Cancelled.'));
        return;
      case 'deepCheck':
        void this.#deepCheck(message.payload);
        return;
      case 'close':
        this.#tasks.delete(message.payload.taskId);
        return;
      case 'credentials':
        this.#clients.setCredentials(message.payload.sessionId, message.payload.credentials);
        return;
      case 'revoke':
        this.#clients.dropCredentials(message.payload.sessionId);
        return;
      case 'reply': {
        const { requestId, error, resend } = message.payload;
        const waiting = this.#requests.get(requestId);
        if (resend && waiting?.checkpoint) {
          this.#sendCheckpoint(requestId, waiting.checkpoint, 'whole');
          return;
        }
        this.#requests.delete(requestId);
        if (error) waiting?.reject(new AppFailure(error.code, error.message, error));
        else waiting?.resolve();
        return;
      }
    }
  }

  /** Main went away: every call stops, and nothing more is written. */
  stop(): void {
    for (const { controller } of [...this.#calls.values(), ...this.#checks.values()])
      controller.abort(new AppFailure('cancelled', 'The app quit.'));
    for (const waiting of this.#requests.values())
      waiting.reject(new AppFailure('cancelled', 'The app quit.'));
    this.#requests.clear();
    if (this.#ticker) clearInterval(this.#ticker);
    this.#clients.destroy();
  }

  #open({ taskId, job }: ToEngine['open']): void {
    this.#clients.learn(job.places);
    const held: Held = {
      tuning: { partSizeMiB: 8, partConcurrency: 4 },
      checkpoints: new CheckpointLine(job.record),
      task: makeTask(job, {
        clients: this.#clients.view,
        clock: systemClock,
        tuning: () => held.tuning,
        checkpoint: () => this.#request({ taskId, held }),
      }),
    };
    this.#tasks.set(taskId, held);
  }

  async #call({ callId, taskId, op, mayReplace, tuning }: ToEngine['call']): Promise<void> {
    const held = this.#tasks.get(taskId);
    if (!held) {
      log.warn(`A call for a task the engine does not hold (${op}) was refused.`);
      return;
    }
    held.tuning = tuning;
    const controller = new AbortController();
    this.#calls.set(callId, { taskId, controller });
    this.#ensureTicker();
    const { task } = held;
    let outcome: FromEngine['result']['outcome'];
    try {
      const signal = controller.signal;
      if (op === 'run') await task.run(signal, mayReplace);
      else if (op === 'keepBoth') await task.keepBoth(signal);
      else if (op === 'discard') await task.discard();
      const existing = op === 'findExisting' ? await task.findExisting(signal) : undefined;
      outcome = { ok: true, ...(existing && { existing }) };
    } catch (err) {
      outcome = {
        ok: false,
        error: toAppError(err),
        ...(err instanceof TargetAppeared && { appeared: true }),
      };
    } finally {
      this.#calls.delete(callId);
    }
    const state = this.#state(taskId, task);
    // Main takes the result's record as the one the last number names: the next delta builds on it.
    held.checkpoints.settled(state.record);
    this.send({ type: 'result', payload: { callId, state, outcome } });
  }

  async #deepCheck(check: ToEngine['deepCheck']): Promise<void> {
    this.#clients.learn(
      [check.left, check.right].flatMap((side) => (side.kind === 's3' ? [side.place] : [])),
    );
    const controller = new AbortController();
    this.#checks.set(check.checkId, { controller });
    try {
      this.send({
        type: 'deepChecked',
        payload: await deepCheck(this.#clients.view, check, controller.signal),
      });
    } finally {
      this.#checks.delete(check.checkId);
    }
  }

  /** Asks main for something and waits for its reply: a checkpoint journaled, credentials sent. */
  #request(
    what: { readonly taskId: string; readonly held: Held } | { readonly sessionId: string },
  ): Promise<void> {
    const requestId = `r${nextRequest++}`;
    return new Promise<void>((resolve, reject) => {
      if ('sessionId' in what) {
        this.#requests.set(requestId, { resolve, reject });
        this.send({ type: 'needCredentials', payload: { requestId, sessionId: what.sessionId } });
        return;
      }
      this.#requests.set(requestId, { resolve, reject, checkpoint: what });
      this.#sendCheckpoint(requestId, what, 'next');
    });
  }

  /** Main could not apply a delta (`whole`): the record goes whole, and the request waits for that. */
  #sendCheckpoint(
    requestId: string,
    { taskId, held }: { readonly taskId: string; readonly held: Held },
    how: 'next' | 'whole',
  ): void {
    const checkpoint = held.checkpoints[how](this.#state(taskId, held.task));
    this.send({ type: 'checkpoint', payload: { requestId, ...checkpoint } });
  }

  #state(taskId: string, task: TransferTask): TaskState {
    const reason = task.restartReason();
    const verification = task.verification?.();
    return {
      ...progressOf(taskId, task),
      target: task.target(),
      record: task.checkpoint(),
      ...(reason !== undefined && { restartReason: reason }),
      ...(verification && { verification }),
    };
  }

  #ensureTicker(): void {
    if (this.#ticker) return;
    this.#ticker = setInterval(() => {
      const running = new Set([...this.#calls.values()].map((c) => c.taskId));
      if (running.size === 0) {
        clearInterval(this.#ticker);
        this.#ticker = undefined;
        return;
      }
      const tasks: TaskProgress[] = [];
      for (const taskId of running) {
        const held = this.#tasks.get(taskId);
        if (held) tasks.push(progressOf(taskId, held.task));
      }
      this.send({ type: 'progress', payload: { tasks } });
    }, PROGRESS_INTERVAL_MS);
  }
}

function progressOf(taskId: string, task: TransferTask): TaskProgress {
  const retry = task.retries.current();
  return {
    taskId,
    bytesDone: task.bytesDone(),
    bytesTotal: task.bytesTotal(),
    ...(retry && { retry }),
    retriesUsed: task.retries.used(),
  };
}
