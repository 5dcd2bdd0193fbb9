// Reading AWS's completion report: quoted CSV fields, URL-encoded keys, the failed rows only.
import { describe, expect, it } from 'vitest';
import { failedTaskOf, parseCsv, reportManifestKey } from '../../../src/main/batch/completion-report';

describe('completion report', () => {
  it('parses quoted fields holding commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi""","x\ny"\r\nnext,row\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'x\ny'],
      ['next', 'row'],
    ]);
  });

  it('reads a failed row as AWS writes it: HTTP status, error code, message; the key decoded', () => {
    const [row] = parseCsv('bkt,dir/a%2Cb+c.txt,,failed,403,AccessDenied,"Access Denied, really"\n');
    expect(failedTaskOf(row!)).toEqual({
      bucket: 'bkt',
      key: 'dir/a,b c.txt',
      httpStatus: '403',
      code: 'AccessDenied',
      message: 'Access Denied, really',
    });
    expect(failedTaskOf(['bkt', 'k', '', 'succeeded', '200', '', 'Successful'])).toBeUndefined();
  });

  it('finds the report manifest where AWS puts it', () => {
    expect(reportManifestKey('batch/reports', 'j-1')).toBe('batch/reports/job-j-1/manifest.json');
    expect(reportManifestKey('', 'j-1')).toBe('job-j-1/manifest.json');
  });
});
