import { describe, expect, it } from 'vitest';
import { reportCsv, reportJson } from '../../../src/main/compare/report-file';
import { careOf } from '../../../src/main/compare/sync-care';
import type { SyncReport } from '../../../src/shared/models/compare';

describe('the sync report file', () => {
  const report: SyncReport = {
    planId: 'p',
    finished: true,
    rows: [
      { key: 'a,b "c".txt', action: 'copy', result: 'done' },
      {
        key: '=cmd()',
        action: 'delete',
        result: 'failed',
        error: { code: 'access-denied', message: 'Access Denied' },
      },
    ],
  };

  it('writes CSV a spreadsheet reads as data: quoted fields, formulas defused', () => {
    expect(reportCsv(report).split('\r\n')).toEqual([
      'key,action,result,error',
      '"a,b ""c"".txt",copy,done,',
      "'=cmd(),delete,failed,Access Denied",
      '',
    ]);
  });

  it('writes JSON with every row and its error message', () => {
    expect(JSON.parse(reportJson(report))).toEqual({
      finished: true,
      rows: [
        { key: 'a,b "c".txt', action: 'copy', result: 'done', error: null },
        { key: '=cmd()', action: 'delete', result: 'failed', error: 'Access Denied' },
      ],
    });
  });
});

describe('what a plan says about the other account', () => {
  const source = { kind: 's3' as const, sessionId: 'a', bucket: 'src-bucket', prefix: '' };
  const target = { kind: 's3' as const, sessionId: 'a', bucket: 'dst-bucket', prefix: '' };
  const accountOf = () => '111111111111';

  it('server-side into another account’s bucket with ACLs: expected owners, full control, its KMS key', () => {
    const care = careOf({
      source,
      target,
      flow: 'server-side',
      bucket: { aclsInUse: true, kmsKeyId: 'arn:aws:kms:us-east-1:222222222222:key/k' },
      owners: new Map([
        ['dst-bucket', '222222222222'],
        ['src-bucket', '111111111111'],
      ]),
      options: { deleteExtra: false, overwriteUndecided: false },
      accountOf,
    });
    expect(care).toEqual([
      'Calls to s3://dst-bucket expect its owner 222222222222 (x-amz-expected-bucket-owner).',
      'The source s3://src-bucket is expected to belong to 111111111111.',
      'The target bucket uses ACLs: copies give its owner full control (bucket-owner-full-control).',
      'Copies are encrypted with the target’s KMS key arn:aws:kms:us-east-1:222222222222:key/k.',
      'Metadata and tags are kept; storage class is kept.',
    ]);
  });

  it('through this machine into a foreign ACL bucket: says what it cannot do', () => {
    const care = careOf({
      source,
      target: { ...target, sessionId: 'b' },
      flow: 'through-this-machine',
      bucket: { aclsInUse: true },
      owners: new Map(),
      options: { deleteExtra: false, overwriteUndecided: false },
      accountOf: () => undefined,
    });
    expect(care[0]).toMatch(/could not be learnt/);
    expect(care).toContain(
      'Through this machine the content type is kept; metadata, tags and storage class take the target bucket’s defaults.',
    );
    expect(care.some((line) => line.startsWith('Warning: the target bucket uses ACLs'))).toBe(true);
  });
});
