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
      'User metadata is kept; tags are kept; content type and the other content headers are kept; storage class is kept.',
    ]);
  });

  it('through this machine into a foreign ACL bucket: full control, and what becomes of metadata and tags', () => {
    const care = careOf({
      source,
      target: { ...target, sessionId: 'b' },
      flow: 'through-this-machine',
      bucket: { aclsInUse: true },
      owners: new Map(),
      options: {
        deleteExtra: false,
        overwriteUndecided: false,
        metadata: 'drop',
        storageClass: 'GLACIER_IR',
      },
      accountOf: () => undefined,
    });
    expect(care).toEqual([
      'The owner of s3://dst-bucket could not be learnt (no session lists it), so no expected owner is sent.',
      'The target bucket uses ACLs: copies give its owner full control (bucket-owner-full-control).',
      'User metadata is dropped (target defaults); tags are kept; content type and the other content headers are kept; storage class becomes GLACIER_IR.',
      'Tags are read with the source’s session (s3:GetObjectTagging): a copy whose tags cannot be read fails with the reason, rather than arriving without them.',
    ]);
  });

  it('into its own account’s ACL bucket: no ACL; a local folder’s files say what they get', () => {
    const care = careOf({
      source: { kind: 'local', path: '/home/me/reports' },
      target,
      flow: 'through-this-machine',
      bucket: { aclsInUse: true },
      owners: new Map([['dst-bucket', '111111111111']]),
      options: { deleteExtra: false, overwriteUndecided: false },
      accountOf,
    });
    expect(care).toEqual([
      'Calls to s3://dst-bucket expect its owner 111111111111 (x-amz-expected-bucket-owner).',
      'The target bucket uses ACLs; its own account writes the copies, so they are its owner’s already.',
      'Files get the content type of their name and the STANDARD storage class.',
    ]);
  });
});
