import type { CheckpointState, FromEngine, TaskState } from '../shared/engine/protocol';
import { diffRecord, frameKey } from '../shared/engine/record-delta';
import type { TaskRecord } from '../shared/engine/records';

/**
 * One task's checkpoints as the engine numbers them: each says what changed since the last record
 * main was sent (shared/engine/record-delta.ts), so an upload of N parts sends O(N) bytes, not
 * O(N²). It starts from the record the task was opened with (number 0, which main holds too).
 */
export class CheckpointLine {
  #seq = 0;
  #record: TaskRecord;
  #frame: string;

  constructor(opened: TaskRecord) {
    this.#record = opened;
    this.#frame = frameKey(opened);
  }

  /** The next checkpoint: a delta of the last record sent, or the record whole when none fits. */
  next(state: TaskState): Omit<FromEngine['checkpoint'], 'requestId'> {
    const { record, ...rest } = state;
    const delta = diffRecord({ seq: this.#seq, record: this.#record, frame: this.#frame }, record);
    return this.#sent(record, delta ? { ...rest, delta } : state);
  }

  /** The next checkpoint with the record whole: main asked, its copy did not fit a delta. */
  whole(state: TaskState): Omit<FromEngine['checkpoint'], 'requestId'> {
    return this.#sent(state.record, state);
  }

  /** A `result` carried this record whole: main holds it under the last number, and so does the line. */
  settled(record: TaskRecord): void {
    this.#record = record;
    this.#frame = frameKey(record);
  }

  #sent(record: TaskRecord, state: CheckpointState): Omit<FromEngine['checkpoint'], 'requestId'> {
    this.settled(record);
    return { seq: ++this.#seq, state };
  }
}
