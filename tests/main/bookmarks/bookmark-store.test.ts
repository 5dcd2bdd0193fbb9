import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDocument, renderDocument } from '../../../src/main/bookmarks/bookmark-file';
import { BOOKMARKS_FILE, BookmarkStore, type NewBookmark } from '../../../src/main/bookmarks/bookmark-store';
import type { EventSink } from '../../../src/main/events/event-sink';
import type { Bookmark, BookmarksSnapshot } from '../../../src/shared/models/bookmark';

const reports: NewBookmark = {
  name: 'Q1 reports',
  session: { kind: 'profile', profile: 'deploy' },
  bucket: 'prod-222-data',
  prefix: 'reports/2024/',
  key: 'reports/2024/q1.csv',
};
const audit: NewBookmark = {
  name: 'Audit findings',
  session: {
    kind: 'adhoc',
    role: { sourceProfile: 'dev', accountId: '333333333333', roleName: 'audit', label: 'audit ro' },
  },
  bucket: 'audit-333-reports',
  prefix: 'findings/',
};

let dir: string;
let events: BookmarksSnapshot[];
const sink: EventSink = {
  emit: (event, payload) => {
    if (event === 'bookmarksChanged') events.push(payload as BookmarksSnapshot);
  },
};
const file = (): string => join(dir, BOOKMARKS_FILE);
const names = (s: BookmarksSnapshot): string[] => s.bookmarks.map((b) => b.name);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossbucket-bookmarks-'));
  events = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('BookmarkStore', () => {
  it('adds, renames, reorders and deletes, and a fresh store reads the same list back', async () => {
    const store = new BookmarkStore(dir, sink);
    const a = await store.add(reports);
    const b = await store.add(audit);
    expect(a.id).not.toBe(b.id);
    await store.rename(a.id, 'Quarterly');
    await store.move(b.id, 0);
    expect(names(await store.snapshot())).toEqual(['Audit findings', 'Quarterly']);
    expect(names(events.at(-1) as BookmarksSnapshot)).toEqual(['Audit findings', 'Quarterly']);

    const reread = await new BookmarkStore(dir, sink).snapshot();
    expect(reread.bookmarks).toEqual([{ ...b }, { ...a, name: 'Quarterly' }]);
    expect(reread.error).toBeUndefined();

    await store.remove(b.id);
    expect(names(await new BookmarkStore(dir, sink).snapshot())).toEqual(['Quarterly']);
    // Written through a temporary file and renamed: nothing else is left in the folder.
    expect(readdirSync(dir)).toEqual([BOOKMARKS_FILE]);
  });

  it('refuses a second bookmark with the same name, ignoring case', async () => {
    const store = new BookmarkStore(dir, sink);
    const first = await store.add(reports);
    await expect(store.add({ ...audit, name: 'q1 REPORTS' })).rejects.toMatchObject({
      appError: { code: 'conflict' },
    });
    const other = await store.add(audit);
    await expect(store.rename(other.id, 'Q1 Reports')).rejects.toMatchObject({
      appError: { code: 'conflict' },
    });
    // Renaming a bookmark to a new spelling of its own name is fine.
    await store.rename(first.id, 'q1 reports');
    await expect(store.remove('no-such-id')).rejects.toMatchObject({ appError: { code: 'not-found' } });
  });

  it('keeps a file that is not JSON aside, reports it and starts empty', async () => {
    writeFileSync(file(), '{"format":"crossbucket-bookmarks", oops');
    const store = new BookmarkStore(dir, sink);
    const snapshot = await store.snapshot();
    expect(snapshot.bookmarks).toEqual([]);
    expect(snapshot.error?.code).toBe('config-unreadable');
    expect(snapshot.error?.message).toMatch(/not valid JSON/);
    const aside = snapshot.error?.details?.file as string;
    expect(aside).toMatch(/bookmarks\.unreadable-.*\.json$/);
    expect(readFileSync(aside, 'utf8')).toBe('{"format":"crossbucket-bookmarks", oops');

    // New bookmarks go to a fresh file; the kept copy is untouched.
    await store.add(reports);
    expect(names(await new BookmarkStore(dir, sink).snapshot())).toEqual(['Q1 reports']);
    expect(existsSync(aside)).toBe(true);
  });

  it('keeps the readable entries of a damaged file, names the others, and keeps the original', async () => {
    const good = { id: 'b1', ...reports };
    const original = JSON.stringify({
      format: 'crossbucket-bookmarks',
      version: 1,
      bookmarks: [
        good,
        {
          id: 'b2',
          name: 'Bad prefix',
          session: { kind: 'profile', profile: 'x' },
          bucket: 'bucket',
          prefix: 'no-slash',
        },
        { id: 'b3', name: 'Unknown kind', session: { kind: 'sso-someday' }, bucket: 'bucket', prefix: '' },
      ],
    });
    writeFileSync(file(), original);
    const snapshot = await new BookmarkStore(dir, sink).snapshot();
    expect(snapshot.bookmarks).toEqual([good]);
    expect(snapshot.error?.message).toMatch(/^2 of your bookmarks could not be read/);
    expect(snapshot.error?.hints?.join('\n')).toMatch(/Bad prefix: prefix: a folder prefix ends in "\/"/);
    expect(snapshot.error?.hints?.join('\n')).toMatch(/Unknown kind: session/);
    expect(readFileSync(snapshot.error?.details?.file as string, 'utf8')).toBe(original);
  });

  it('does not overwrite a file written by a newer version', async () => {
    const newer = JSON.stringify({ format: 'crossbucket-bookmarks', version: 2, bookmarks: [] });
    writeFileSync(file(), newer);
    const store = new BookmarkStore(dir, sink);
    expect((await store.snapshot()).error?.message).toMatch(/format version 2/);
    await store.add(reports);
    const kept = readdirSync(dir).filter((f) => f.startsWith('bookmarks.unreadable-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0] as string), 'utf8')).toBe(newer);
  });

  it('exports to the chosen file and imports it elsewhere with new ids, skipping taken names', async () => {
    const source = new BookmarkStore(dir, sink);
    await source.add(reports);
    await source.add(audit);
    const exported = join(dir, 'export.json');
    expect(await source.exportTo(exported)).toEqual({ path: exported, count: 2 });
    expect(await source.exportTo(null)).toEqual({ path: null, count: 0 });

    const otherDir = mkdtempSync(join(tmpdir(), 'crossbucket-bookmarks-import-'));
    try {
      const target = new BookmarkStore(otherDir, sink);
      await target.add({ ...audit, bucket: 'elsewhere' });
      const summary = await target.importFrom(exported);
      expect(summary).toEqual({
        path: exported,
        added: 1,
        skipped: ['Audit findings: a bookmark with this name exists'],
      });
      const [, imported] = (await target.snapshot()).bookmarks;
      const original = (await source.snapshot()).bookmarks[0] as Bookmark;
      expect(imported).toEqual({ ...original, id: imported?.id });
      expect(imported?.id).not.toBe(original.id);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses to import what is not a bookmarks file, saying why, and changes nothing', async () => {
    const store = new BookmarkStore(dir, sink);
    await store.add(reports);
    const path = join(dir, 'settings.json');
    writeFileSync(path, JSON.stringify({ theme: 'dark' }));
    await expect(store.importFrom(path)).rejects.toMatchObject({
      appError: { code: 'validation', message: expect.stringMatching(/not a Crossbucket bookmarks file/) },
    });
    await expect(store.importFrom(join(dir, 'missing.json'))).rejects.toMatchObject({
      appError: { code: 'config-unreadable' },
    });
    expect(names(await store.snapshot())).toEqual(['Q1 reports']);
  });
});

describe('the bookmarks document', () => {
  const bookmark: fc.Arbitrary<Bookmark> = fc.record({
    id: fc.uuid(),
    name: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
      .filter((n) => n.trim() === n && n !== '' && !/\p{Cc}/u.test(n)),
    session: fc.oneof(
      fc.record({ kind: fc.constant('profile' as const), profile: fc.stringMatching(/^[\w.-]{1,20}$/) }),
      fc.record({
        kind: fc.constant('adhoc' as const),
        role: fc.record({
          sourceProfile: fc.stringMatching(/^[\w.-]{1,20}$/),
          accountId: fc.stringMatching(/^\d{12}$/),
          roleName: fc.stringMatching(/^[\w+=,.@-]{1,20}$/),
        }),
      }),
    ),
    bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}$/),
    prefix: fc.constantFrom('', 'a/', 'reports/2024/', 'spaces here/'),
  });

  it('reads back exactly what it wrote', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(bookmark, { selector: (b) => b.name.toLowerCase(), maxLength: 8 }),
        (list) => {
          expect(readDocument(renderDocument(list))).toEqual({ ok: true, bookmarks: list, rejected: [] });
        },
      ),
    );
  });
});
