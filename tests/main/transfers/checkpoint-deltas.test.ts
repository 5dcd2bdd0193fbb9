// Checkpoints travel as deltas: what main's proxy task holds after applying the engine's numbered
// deltas must be exactly the record a whole checkpoint would have carried, since that record is
// what the journal writes and a resumed transfer trusts. A lost or reordered message must be
// noticed (main asks for the record whole) and never applied to the wrong base.
import { describe, expect, it } from 'vitest';
import { CheckpointLine } from '../../../src/engine/checkpoint-line';
import type { EngineClient } from '../../../src/main/transfers/engine-link/engine-client';
import { ProxyTask } from '../../../src/main/transfers/engine-link/proxy-task';
import { type FromEngine, fromEngineSchemas, parseMessage } from '../../../src/shared/engine/protocol';
import type { TaskRecord } from '../../../src/shared/engine/records';
import {
  downloadOpened,
  downloadRecords,
  serverCopyOpened,
  serverCopyRecords,
  stateOf,
  uploadOpened,
  uploadRecords,
} from '../../engine/checkpoint-records';

type Checkpoint = Omit<FromEngine['checkpoint'], 'requestId'>;

/** Main's copy of a task, as the queue holds it (its engine is never called here). */
const proxyOf = (record: TaskRecord): ProxyTask =>
  new ProxyTask('t1', {} as EngineClient, () => ({ partSizeMiB: 8, partConcurrency: 4 }), record);

/** Through the wire as main receives it: serialized, then checked against the protocol. */
function received(checkpoint: Checkpoint): Checkpoint {
  const parsed = parseMessage(
    fromEngineSchemas,
    JSON.parse(JSON.stringify({ type: 'checkpoint', payload: { requestId: 'r1', ...checkpoint } })),
  );
  if (!parsed.ok || parsed.message.type !== 'checkpoint')
    throw new Error(`refused: ${JSON.stringify(parsed)}`);
  return parsed.message.payload;
}

const take = (proxy: ProxyTask, checkpoint: Checkpoint): boolean =>
  proxy.checkpointed(checkpoint.seq, received(checkpoint).state);

describe('checkpoint deltas', () => {
  it.each([
    ['an upload (parts listed as they finish)', uploadOpened(30), uploadRecords(30)],
    ['a download (ranges listed by number)', downloadOpened, downloadRecords()],
    ['a copy S3 makes in parts (UploadPartCopy)', serverCopyOpened, serverCopyRecords()],
  ] as const)('rebuild in main exactly the records of %s', (_, opened, records) => {
    const line = new CheckpointLine(opened);
    const proxy = proxyOf(opened);
    let deltas = 0;
    for (const record of records) {
      const checkpoint = line.next(stateOf(record));
      if ('delta' in checkpoint.state) deltas++;
      expect(take(proxy, checkpoint)).toBe(true);
      expect(proxy.checkpoint()).toEqual(record);
    }
    // Every checkpoint after the task opened is a delta: no record is sent whole.
    expect(deltas).toBe(records.length);
  });

  it('notices a lost checkpoint, keeps its record as it was, and takes the whole one it asks for', () => {
    const records = uploadRecords(12);
    const line = new CheckpointLine(uploadOpened(12));
    const proxy = proxyOf(uploadOpened(12));
    for (const record of records.slice(0, 5)) expect(take(proxy, line.next(stateOf(record)))).toBe(true);

    line.next(stateOf(records[5] as TaskRecord)); // lost on the way
    expect(take(proxy, line.next(stateOf(records[6] as TaskRecord)))).toBe(false);
    expect(proxy.checkpoint()).toEqual(records[4]);

    // Main replied `resend`: the engine sends the record whole, and deltas build on it again.
    const whole = line.whole(stateOf(records[6] as TaskRecord));
    expect('record' in whole.state).toBe(true);
    expect(take(proxy, whole)).toBe(true);
    expect(proxy.checkpoint()).toEqual(records[6]);
    for (const record of records.slice(7)) expect(take(proxy, line.next(stateOf(record)))).toBe(true);
    expect(proxy.checkpoint()).toEqual(records.at(-1));
  });

  it('refuses checkpoints that arrive out of order, and an older whole record never replaces a newer one', () => {
    const records = uploadRecords(6);
    const line = new CheckpointLine(uploadOpened(6));
    const proxy = proxyOf(uploadOpened(6));
    const [a, b, c] = records.slice(0, 3).map((r) => line.next(stateOf(r))) as [
      Checkpoint,
      Checkpoint,
      Checkpoint,
    ];
    expect(take(proxy, a)).toBe(true);
    expect(take(proxy, c)).toBe(false);
    expect(proxy.checkpoint()).toEqual(records[0]);

    const newer = line.whole(stateOf(records[3] as TaskRecord));
    expect(take(proxy, newer)).toBe(true);
    expect(take(proxy, b)).toBe(false);
    const older = { seq: b.seq, state: stateOf(records[1] as TaskRecord) };
    expect(take(proxy, older)).toBe(true);
    expect(proxy.checkpoint()).toEqual(records[3]);
  });

  it('sends the record whole when an upload starts over, and deltas apply after a call’s result', () => {
    const first = uploadRecords(8);
    const again = uploadRecords(8, 'upload-2');
    const line = new CheckpointLine(uploadOpened(8));
    const proxy = proxyOf(uploadOpened(8));
    for (const record of first.slice(0, 6)) take(proxy, line.next(stateOf(record)));

    // The file changed: the new upload has none of the old parts, which a delta cannot say.
    const restarted = line.next(stateOf(again[1] as TaskRecord));
    expect('record' in restarted.state).toBe(true);
    expect(take(proxy, restarted)).toBe(true);

    // A paused run's result carries the record whole; the next delta builds on it.
    const result = stateOf(again[3] as TaskRecord);
    line.settled(result.record);
    proxy.update(result);
    for (const record of again.slice(4)) expect(take(proxy, line.next(stateOf(record)))).toBe(true);
    expect(proxy.checkpoint()).toEqual(again.at(-1));
  });
});
