// The journal file on disk: every write replaces it whole through a temporary file that is flushed
// (fsync) before it is renamed over the old one, so a crash leaves the old journal or the new one;
// it is readable by its owner only; an oversized or damaged one is kept aside, never read or lost.
import type * as fs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JOURNAL_MAX_BYTES, JournalFile } from '../../../../src/main/transfers/journal/journal-file';
import { QueueJournal } from '../../../../src/main/transfers/journal/queue-journal';
import { QueueEntries } from '../../../../src/main/transfers/queue-entries';
import { systemClock } from '../../../../src/shared/transfers/clock';

/** What the journal did to the disk, in order, while `record` is on. */
const calls: string[] = [];
let record = false;
const failRename = { next: false };

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const note = (what: string) => record && calls.push(what);
  return {
    ...actual,
    open: async (path: string, flags: string, mode?: number) => {
      const handle = await actual.open(path, flags, mode);
      const sync = handle.sync.bind(handle);
      const writeFile = handle.writeFile.bind(handle);
      return Object.assign(handle, {
        sync: async () => {
          note(`fsync ${String(path).split('/').pop()}`);
          return sync();
        },
        writeFile: async (...args: Parameters<typeof handle.writeFile>) => {
          note(`write ${String(path).split('/').pop()}`);
          return writeFile(...args);
        },
      });
    },
    rename: async (from: string, to: string) => {
      note(`rename ${from.split('/').pop()} -> ${to.split('/').pop()}`);
      if (failRename.next) {
        failRename.next = false;
        throw Object.assign(new Error('the machine lost power'), { code: 'EIO' });
      }
      return actual.rename(from, to);
    },
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-file-'));
  calls.length = 0;
  record = false;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('JournalFile', () => {
  it('writes a temporary file, flushes it to the disk, renames it over the journal, then flushes the folder', async () => {
    const file = new JournalFile(dir);
    record = true;
    await file.write('{"v":1}');
    record = false;
    const folder = dir.split('/').pop();
    expect(calls).toEqual([
      'write transfer-journal.json.tmp',
      'fsync transfer-journal.json.tmp',
      'rename transfer-journal.json.tmp -> transfer-journal.json',
      // Windows cannot open a folder to flush it.
      ...(process.platform === 'win32' ? [] : [`fsync ${folder}`]),
    ]);
    expect(await readFile(file.path, 'utf8')).toBe('{"v":1}');
    expect(await readdir(dir)).toEqual(['transfer-journal.json']);
  });

  it.skipIf(process.platform === 'win32')('is readable and writable by its owner only (0600)', async () => {
    const file = new JournalFile(dir);
    // A temporary file a crash left behind, made readable by all: not reused as it is.
    await writeFile(`${file.path}.tmp`, 'left over', { mode: 0o644 });
    await file.write('{"v":1}');
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    await file.write('{"v":2}');
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
  });

  it('a crash before the rename leaves the previous journal whole', async () => {
    const file = new JournalFile(dir);
    await file.write('{"v":"old"}');
    failRename.next = true;
    await expect(file.write('{"v":"new, never renamed"}')).rejects.toThrow('lost power');
    expect(await readdir(dir)).toEqual(['transfer-journal.json', 'transfer-journal.json.tmp']);
    expect(await file.read()).toEqual({ kind: 'text', text: '{"v":"old"}' });
    // The uncommitted copy (keys, paths) is not left in the data folder once the journal is read.
    expect(await readdir(dir)).toEqual(['transfer-journal.json']);
  });

  it('reads nothing past its size bound: a larger file is reported, not loaded', async () => {
    const file = new JournalFile(dir);
    await writeFile(file.path, '');
    // Sparse: no disk is spent on it.
    await truncate(file.path, JOURNAL_MAX_BYTES + 1);
    expect(await file.read()).toEqual({
      kind: 'unreadable',
      reason: `it is ${JOURNAL_MAX_BYTES + 1} bytes long`,
    });
  });

  it('remove leaves no file at all, not even a temporary copy a crash left', async () => {
    const file = new JournalFile(dir);
    await file.write('{}');
    await writeFile(`${file.path}.tmp`, '{"items":["cut off before its rename"]}');
    await file.remove();
    expect(await readdir(dir)).toEqual([]);
    expect(await file.read()).toEqual({ kind: 'missing' });
    await file.remove();
  });
});

describe('QueueJournal.load', () => {
  it.each([
    ['cut short', '{"format":"crossbucket-transfer-journal","version":1,"items":[{"id":'],
    ['from a newer version', '{"format":"crossbucket-transfer-journal","version":99,"items":[]}'],
    ['not a journal', '{"hello":"world"}'],
  ])('keeps a journal that is %s aside, untouched, and says where', async (_, text) => {
    const file = new JournalFile(dir);
    await writeFile(file.path, text);
    const loaded = await new QueueJournal(new QueueEntries(), file, systemClock).load();
    expect(loaded.contents).toBeUndefined();
    expect(loaded.error?.code).toBe('config-unreadable');
    const aside = loaded.error?.details?.file ?? '';
    expect(loaded.error?.message).toContain(aside);
    expect(await readFile(aside, 'utf8')).toBe(text);
    expect(await file.read()).toEqual({ kind: 'missing' });
  });

  it('an oversized journal is kept aside too', async () => {
    const file = new JournalFile(dir);
    await writeFile(file.path, '');
    await truncate(file.path, JOURNAL_MAX_BYTES + 1);
    const loaded = await new QueueJournal(new QueueEntries(), file, systemClock).load();
    expect(loaded.error?.message).toContain(`it is ${JOURNAL_MAX_BYTES + 1} bytes long`);
    expect((await readdir(dir)).filter((n) => n.startsWith('transfer-journal.unreadable-'))).toHaveLength(1);
  });
});
