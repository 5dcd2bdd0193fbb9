// The journal's records: what a run writes is what the next run reads back, item for item, and
// a record holding anything the schema does not name (a key, a secret, a token) is dropped, not read.
import { describe, expect, it } from 'vitest';
import {
  type ItemRecord,
  type JournalContents,
  readJournal,
  renderJournal,
} from '../../../../src/main/transfers/journal/records';

const MiB = 1024 * 1024;
const session = (profile: string) => ({
  source: { kind: 'profile' as const, profile },
  name: profile,
  label: profile,
});

const upload: ItemRecord = {
  id: '6f1d1c1e-9a39-4c6b-a1d2-0d1a3b0c6f01',
  jobId: '0b8f7c3a-5e7b-4b7e-9d55-3f5c0c2b7a10',
  direction: 'upload',
  sessions: [session('prod-admin')],
  resumeAs: 'queued',
  cleared: true,
  task: {
    kind: 'upload',
    bucket: 'reports',
    key: 'q3/ünïcødé report.bin',
    localPath: '/home/me/Desktop/ünïcødé report.bin',
    entry: 'file',
    size: 20 * MiB + 7,
    stamp: { size: 20 * MiB + 7, mtimeMs: 1764323456789.25 },
    multipart: {
      since: '2026-11-28T10:00:00.000Z',
      upload: {
        uploadId: 'VXBsb2FkSWQgZm9yIHEzL3JlcG9ydC5iaW4',
        parts: [8 * MiB, 8 * MiB, 4 * MiB + 7],
        done: [{ n: 2, etag: '"0cc175b9c0f1b6a831c399e269772661"', md5: '0cc175b9c0f1b6a831c399e269772661' }],
      },
    },
  },
};

const download: ItemRecord = {
  id: '1c7e3f90-2b9a-4b8e-8f0e-7a6b5c4d3e21',
  jobId: '2d8f4a01-3cab-4c9f-9a1f-8b7c6d5e4f32',
  direction: 'download',
  sessions: [
    {
      source: {
        kind: 'adhoc',
        role: {
          sourceProfile: 'me',
          accountId: '222222222222',
          roleName: 'reader',
          mfaSerial: 'arn:aws:iam::111111111111:mfa/me',
        },
      },
      name: 'adhoc:222222222222/reader',
      label: 'reader @ 222222222222',
    },
  ],
  resumeAs: 'paused',
  cleared: false,
  choice: 'keep-both',
  renamedFrom: 'data.csv',
  note: 'the object changed in S3 since its download began, so it started over',
  task: {
    kind: 'download',
    id: '3e9a5b12-4dbc-4daf-8b2a-9c8d7e6f5a43',
    bucket: 'lake',
    key: 'raw/data.csv',
    versionId: 'v1',
    size: 24 * MiB,
    targetDir: '/home/me/Downloads',
    relative: 'raw/data.csv',
    current: 'raw/data (1).csv',
    folder: false,
    object: { size: 24 * MiB, etag: '"9e107d9d372bb6826bd81d3542a419d6-3"', serverSideEncryption: 'aws:kms' },
    ranges: [8 * MiB, 8 * MiB, 8 * MiB],
    parts: [8 * MiB, 8 * MiB, 8 * MiB],
    done: [1, 2, 3],
    // What the last pass that disagreed with the ETag hashed to.
    mismatch: '0123456789abcdef0123456789abcdef-3',
  },
};

const copy: ItemRecord = {
  id: '4fab6c23-5ecd-4eb0-9c3b-ad9e8f7a6b54',
  jobId: '5abc7d34-6fde-4fc1-8d4c-be0f9a8b7c65',
  direction: 'copy',
  sessions: [
    {
      source: { kind: 'sso', role: { loginId: 'corp', accountId: '333333333333', roleName: 'Writer' } },
      name: 'sso:corp/333333333333/Writer',
      label: 'Writer',
    },
    session('prod-admin'),
  ],
  resumeAs: 'queued',
  cleared: true,
  task: {
    kind: 'copy',
    from: { bucket: 'src', key: 'a/b.bin', size: 5 },
    to: { bucket: 'dst', key: 'a/b.bin' },
    etag: '"abc"',
    multipart: { since: '2026-11-28T10:00:00.000Z' },
  },
};

const render = (items: readonly unknown[], contents: Partial<JournalContents> = {}) =>
  renderJournal(
    items.map((i) => JSON.stringify(i)),
    JSON.stringify(contents.jobs ?? []),
    JSON.stringify(contents.aborts ?? []),
  );

describe('journal records', () => {
  it('round-trip: every kind of item, the jobs’ answers and the pending aborts read back as written', () => {
    const jobs = [{ id: upload.jobId, choiceForAll: 'overwrite' as const }];
    const aborts = [{ session: session('prod-admin'), bucket: 'reports', key: 'old.bin', uploadId: 'abc' }];
    const read = readJournal(render([upload, download, copy], { jobs, aborts }));
    expect(read).toEqual({ ok: true, items: [upload, download, copy], jobs, aborts, rejected: 0 });
  });

  it.each([
    ['an access key', { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }],
    ['a secret', { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
    ['a session token', { sessionToken: 'FQoGZXIvYXdzEBYaDExample' }],
  ])('a session holding %s is not a session: the item is dropped and counted', (_, extra) => {
    const smuggled = { ...upload, sessions: [{ ...session('prod-admin'), ...extra }] };
    const read = readJournal(render([smuggled, download]));
    expect(read).toMatchObject({ ok: true, items: [download], rejected: 1 });
  });

  it('an Identity Center session holds the account and role, never the SSO access token', () => {
    const withToken = {
      ...copy,
      sessions: [
        {
          ...copy.sessions[0],
          source: {
            kind: 'sso',
            role: {
              loginId: 'corp',
              accountId: '333333333333',
              roleName: 'Writer',
              accessToken: 'aoa-secret',
            },
          },
        },
        copy.sessions[1],
      ],
    };
    expect(readJournal(render([withToken]))).toMatchObject({ ok: true, items: [], rejected: 1 });
  });

  it.each([
    ['a path outside the schema', { ...download, task: { ...download.task, targetDir: '' } }],
    [
      'a part number past 10,000',
      {
        ...upload,
        task: {
          ...upload.task,
          multipart: {
            since: '2026-11-28T10:00:00.000Z',
            upload: {
              uploadId: 'x',
              parts: [1],
              done: [{ n: 10_001, etag: 'e', md5: '0cc175b9c0f1b6a831c399e269772661' }],
            },
          },
        },
      },
    ],
    ['a negative size', { ...upload, task: { ...upload.task, size: -1 } }],
    ['a mismatch that is no hash', { ...download, task: { ...download.task, mismatch: 'verified' } }],
  ])('an item with %s is dropped, the others kept', (_, bad) => {
    expect(readJournal(render([bad, copy]))).toMatchObject({ ok: true, items: [copy], rejected: 1 });
  });

  it('a download saved but not verified reads back with its reason; an unknown reason drops it', () => {
    const unverified: ItemRecord = {
      ...download,
      id: '4f0b6c23-5ecd-4eb0-9c3b-ad9e8f7a6b54',
      unverified: 'kms',
    };
    const unknown = { ...unverified, id: '5a1c7d34-6fde-4fc1-8d4c-be0f9a8b7c65', unverified: 'looked-fine' };
    // Records a previous version wrote carry no such field and still read back as unfinished ones.
    expect(readJournal(render([download, unverified, unknown]))).toMatchObject({
      ok: true,
      items: [download, unverified],
      rejected: 1,
    });
  });

  it('a file cut short, or of another format, is refused whole, with the reason', () => {
    const text = render([upload]);
    expect(readJournal(text.slice(0, text.length / 2))).toEqual({
      ok: false,
      reason: 'it is not valid JSON (it may have been cut short)',
    });
    expect(readJournal('{"format":"crossbucket-transfer-journal","version":2,"items":[]}')).toEqual({
      ok: false,
      reason: 'it has format version 2, which this version cannot read',
    });
  });
});

describe('a copy’s cross-account care in the journal', () => {
  const cared: ItemRecord = {
    ...copy,
    id: '6bcd8e45-7a0f-4ad2-9e5d-cf1a0b9c8d76',
    task: {
      kind: 'copy',
      from: { bucket: 'src', key: 'a/b.bin', size: 5, owner: '111111111111' },
      to: { bucket: 'dst', key: 'a/b.bin', owner: '333333333333' },
      care: {
        acl: 'bucket-owner-full-control',
        kmsKeyId: 'arn:aws:kms:us-east-1:333333333333:key/k',
        metadata: 'drop',
        tags: 'keep',
        storageClass: 'STANDARD_IA',
      },
      etag: '"abc"',
      multipart: { since: '2026-11-28T10:00:00.000Z' },
    },
  };

  it('reads back as written, and the engine’s task rebuilt from it writes the same record again', async () => {
    const read = readJournal(render([cared, copy]));
    expect(read).toMatchObject({ ok: true, items: [cared, copy], rejected: 0 });
    const { makeTask } = await import('../../../../src/engine/make-task');
    const { systemClock } = await import('../../../../src/shared/transfers/clock');
    const deps = {
      clients: { forBucket: () => Promise.reject(new Error('no requests here')) },
      clock: systemClock,
      tuning: () => ({ partSizeMiB: 8, partConcurrency: 2 }),
    };
    const places = [
      { sessionId: 'target', bucket: 'dst', region: 'us-east-1' },
      { sessionId: 'source', bucket: 'src', region: 'us-east-1' },
    ];
    const task = makeTask({ record: cared.task, resumed: true, places }, deps);
    expect(task.checkpoint()).toEqual(cared.task);
  });

  const care = { metadata: 'drop', tags: 'keep' };
  it.each([
    ['an owner that is no account id', { from: { bucket: 'src', key: 'k', owner: 'someone' } }],
    ['an ACL other than bucket-owner-full-control', { care: { ...care, acl: 'public-read' } }],
    ['a care naming no metadata choice', { care: { tags: 'keep' } }],
    ['a care with a field it does not name', { care: { ...care, grantRead: 'id=someone' } }],
  ])('a record with %s is dropped', (_, change) => {
    const bad = { ...cared, task: { ...cared.task, ...change } };
    expect(readJournal(render([bad, copy]))).toMatchObject({ ok: true, items: [copy], rejected: 1 });
  });
});
