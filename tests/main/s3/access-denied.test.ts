// A restricted user, with moto enforcing IAM: errors must name the refused action and resource.
import { describe, expect, it } from 'vitest';
import { CopyService } from '../../../src/main/s3/copy-objects';
import { DeleteService } from '../../../src/main/s3/delete-objects';
import { ObjectDetailsService } from '../../../src/main/s3/object-details';
import type { AppFailure } from '../../../src/shared/errors/app-error';
import { allow, bucketResources, policy } from '../../support/policies';
import { useS3World } from './s3-fixture';

const READER = 'reader';

describe('a role that may only list and read one bucket', () => {
  const suite = useS3World(
    {
      users: {
        reader: { policies: [policy(allow(['s3:ListBucket', 's3:GetObject'], bucketResources('open')))] },
      },
      buckets: {
        open: { objects: { 'report.csv': 'a,b', 'notes.txt': 'n' } },
        closed: { objects: { 'secret.txt': 's' } },
      },
    },
    { liftAuth: false },
  );

  it('still shows an object when its tags are denied, saying which action was refused', async () => {
    const head = await new ObjectDetailsService(suite.pool).head(READER, 'open', 'report.csv');
    expect(head).toMatchObject({ key: 'report.csv', size: 3 });
    expect(head.tags).toBeUndefined();
    expect(head.tagsError).toMatchObject({
      code: 'access-denied',
      details: { action: 's3:GetObjectTagging', resource: 'arn:aws:s3:::open/report.csv' },
    });
  });

  it('names s3:GetObject and the object when reading details in another bucket is denied', async () => {
    const error = await new ObjectDetailsService(suite.pool).head(READER, 'closed', 'secret.txt').then(
      () => undefined,
      (err: AppFailure) => err.appError,
    );
    expect(error).toMatchObject({
      code: 'access-denied',
      details: { action: 's3:GetObject', resource: 'arn:aws:s3:::closed/secret.txt' },
    });
  });

  it('reports each key it may not delete, naming s3:DeleteObject, and deletes nothing', async () => {
    const summary = await new DeleteService(suite.pool).delete({
      sessionId: READER,
      bucket: 'open',
      keys: ['report.csv', 'notes.txt'],
      prefixes: [],
    });
    expect(summary.deleted).toBe(0);
    expect(summary.failed.map((f) => [f.key, f.error.code, f.error.details?.action])).toEqual([
      ['report.csv', 'access-denied', 's3:DeleteObject'],
      ['notes.txt', 'access-denied', 's3:DeleteObject'],
    ]);
  });

  it('keeps the source of a move whose copy was denied', async () => {
    const summary = await new CopyService(suite.pool).copy({
      sessionId: READER,
      bucket: 'open',
      keys: ['notes.txt'],
      prefixes: [],
      targetBucket: 'closed',
      targetPrefix: '',
      move: true,
    });
    expect(summary.copied).toBe(0);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]?.error).toMatchObject({
      code: 'access-denied',
      details: {
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::closed/notes.txt',
        source: 'arn:aws:s3:::open/notes.txt',
      },
    });
    const stillThere = await new ObjectDetailsService(suite.pool).head(READER, 'open', 'notes.txt');
    expect(stillThere.size).toBe(1);
  });
});
