import { describe, expect, it } from 'vitest';
import {
  describeMapPatch,
  headerPatch,
  initialHeaders,
  mapPatch,
  metadataRules,
  newRow,
  rowsProblem,
  tagRules,
} from '../../../src/renderer/features/edit/edit-form';
import type { ObjectDetails } from '../../../src/shared/models/s3';

const details: ObjectDetails = {
  bucket: 'b',
  key: 'k',
  size: 1,
  contentType: 'text/plain',
  cacheControl: 'no-cache',
  metadata: { owner: 'alice' },
  tags: { team: 'data' },
};

describe('the edit forms as patches', () => {
  it('one object: only what differs from the object, and a cleared field removes the header', () => {
    const choices = initialHeaders(details);
    expect(headerPatch(choices, details)).toBeUndefined();
    const edited = {
      ...choices,
      contentType: { mode: 'set' as const, value: ' text/csv ' },
      cacheControl: { mode: 'set' as const, value: '' },
      contentLanguage: { mode: 'set' as const, value: 'en' },
    };
    expect(headerPatch(edited, details)).toEqual({
      contentType: 'text/csv',
      cacheControl: null,
      contentLanguage: 'en',
    });
  });

  it('a selection: keep, set or remove each header on every object', () => {
    const choices = initialHeaders(undefined);
    expect(headerPatch(choices)).toBeUndefined();
    expect(
      headerPatch({
        ...choices,
        contentType: { mode: 'set', value: 'text/csv' },
        cacheControl: { mode: 'remove', value: 'ignored' },
        contentDisposition: { mode: 'set', value: '   ' },
      }),
    ).toEqual({ contentType: 'text/csv', cacheControl: null });
  });

  it('one object: the whole new map, or nothing when it is the same (metadata keys compare in lower case)', () => {
    const lower = (k: string) => k.toLowerCase();
    expect(mapPatch([newRow('Owner', 'alice')], details.metadata, false, lower)).toBeUndefined();
    expect(mapPatch([newRow('owner', 'bob'), newRow('', '')], details.metadata, false, lower)).toEqual({
      set: { owner: 'bob' },
      remove: [],
      replaceAll: true,
    });
    expect(mapPatch([], details.tags)).toEqual({ set: {}, remove: [], replaceAll: true });
  });

  it('a selection: keys to set and keys to remove, the rest kept unless replacing all', () => {
    const remove = { ...newRow('old', ''), remove: true };
    expect(mapPatch([newRow('project', 'x'), remove], undefined)).toEqual({
      set: { project: 'x' },
      remove: ['old'],
      replaceAll: false,
    });
    expect(mapPatch([], undefined)).toBeUndefined();
    expect(mapPatch([], undefined, true)).toEqual({ set: {}, remove: [], replaceAll: true });
    expect(describeMapPatch('Tags', { set: { a: '1' }, remove: ['b'], replaceAll: false })).toEqual([
      'Tags: set a=1',
      'Tags: remove b',
    ]);
  });

  it('says what is wrong with the rows before anything is sent', () => {
    expect(rowsProblem([newRow('a', '1'), newRow('A', '2')], metadataRules, true)).toMatch(/used twice/);
    expect(rowsProblem([newRow('a', '1'), newRow('A', '2')], tagRules, true)).toBeUndefined();
    expect(rowsProblem([newRow('has space', '1')], metadataRules, true)).toMatch(/letters, digits/);
    expect(rowsProblem([newRow('k', 'café')], metadataRules, true)).toMatch(/ASCII/);
    expect(rowsProblem([newRow('', 'orphan value')], tagRules, true)).toMatch(/no tag key/);
    const eleven = Array.from({ length: 11 }, (_, i) => newRow(`t${i}`, 'v'));
    expect(rowsProblem(eleven, tagRules, true)).toMatch(/at most 10/);
    expect(rowsProblem(eleven, tagRules, false)).toBeUndefined();
  });
});
