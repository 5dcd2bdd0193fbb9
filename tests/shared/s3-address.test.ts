import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatArn,
  formatCliCopy,
  formatConsoleUrl,
  formatHttpsUrl,
  formatS3Uri,
} from '../../src/shared/s3-address/format';
import { folderOf, parseS3Address, type S3Address } from '../../src/shared/s3-address/parse';

const address = (input: string): S3Address => {
  const parsed = parseS3Address(input);
  if (parsed.type !== 'address') throw new Error(`${input}: ${JSON.stringify(parsed)}`);
  return parsed.address;
};

describe('parseS3Address: the forms people paste', () => {
  it.each([
    ['s3://bucket/notes.txt', { bucket: 'bucket', key: 'notes.txt' }],
    ['S3://bucket/a/b/', { bucket: 'bucket', key: 'a/b/' }],
    ['s3a://bucket/x', { bucket: 'bucket', key: 'x' }],
    ['s3://bucket', { bucket: 'bucket', key: '' }],
    ['  s3://bucket/a b  \n', { bucket: 'bucket', key: 'a b  ' }],
    ['s3://bucket/a%20b+c', { bucket: 'bucket', key: 'a%20b+c' }],
    ['bucket/prefix/', { bucket: 'bucket', key: 'prefix/' }],
    ['bucket', { bucket: 'bucket', key: '' }],
    ['https://bucket.s3.amazonaws.com/prefix/', { bucket: 'bucket', key: 'prefix/' }],
    [
      'https://bucket.s3.eu-west-1.amazonaws.com/k%20ey%2Bplus',
      { bucket: 'bucket', key: 'k ey+plus', region: 'eu-west-1', partition: 'aws' },
    ],
    [
      'https://bucket.s3-eu-west-1.amazonaws.com/k',
      { bucket: 'bucket', key: 'k', region: 'eu-west-1', partition: 'aws' },
    ],
    [
      'https://bucket.s3.dualstack.eu-west-1.amazonaws.com/k',
      { bucket: 'bucket', key: 'k', region: 'eu-west-1', partition: 'aws' },
    ],
    [
      'https://s3.eu-west-1.amazonaws.com/bucket/k',
      { bucket: 'bucket', key: 'k', region: 'eu-west-1', partition: 'aws' },
    ],
    [
      'https://s3-eu-west-1.amazonaws.com/bucket/a/',
      { bucket: 'bucket', key: 'a/', region: 'eu-west-1', partition: 'aws' },
    ],
    ['https://s3.amazonaws.com/bucket/k', { bucket: 'bucket', key: 'k' }],
    [
      'https://s3.dualstack.us-east-2.amazonaws.com/bucket/k',
      { bucket: 'bucket', key: 'k', region: 'us-east-2', partition: 'aws' },
    ],
    [
      'https://s3-fips.us-gov-west-1.amazonaws.com/bucket/k',
      { bucket: 'bucket', key: 'k', region: 'us-gov-west-1', partition: 'aws-us-gov' },
    ],
    [
      'https://bucket.s3.cn-north-1.amazonaws.com.cn/k',
      { bucket: 'bucket', key: 'k', region: 'cn-north-1', partition: 'aws-cn' },
    ],
    [
      'https://logs.s3.example.s3.us-west-2.amazonaws.com/k',
      { bucket: 'logs.s3.example', key: 'k', region: 'us-west-2', partition: 'aws' },
    ],
    ['https://bucket.s3.amazonaws.com/k?versionId=v1', { bucket: 'bucket', key: 'k', versionId: 'v1' }],
    ['https://bucket.s3.amazonaws.com/a/../b', { bucket: 'bucket', key: 'a/../b' }],
    [
      'https://s3.console.aws.amazon.com/s3/buckets/bucket?region=eu-west-1&prefix=reports/2024/&showversions=false',
      { bucket: 'bucket', key: 'reports/2024/', kind: 'folder', region: 'eu-west-1', partition: 'aws' },
    ],
    [
      'https://us-east-1.console.aws.amazon.com/s3/object/bucket?region=us-east-1&bucketType=general&prefix=docs%2Fhello+world.txt',
      {
        bucket: 'bucket',
        key: 'docs/hello world.txt',
        kind: 'object',
        region: 'us-east-1',
        partition: 'aws',
      },
    ],
    ['https://console.aws.amazon.com/s3/buckets/bucket', { bucket: 'bucket', key: '', kind: 'folder' }],
    [
      'https://s3.console.aws.amazon.com/s3/buckets/bucket/a/b/?region=us-east-1',
      { bucket: 'bucket', key: 'a/b/', kind: 'folder', region: 'us-east-1', partition: 'aws' },
    ],
    ['arn:aws:s3:::bucket/key with space', { bucket: 'bucket', key: 'key with space', partition: 'aws' }],
    ['arn:aws-cn:s3:::bucket', { bucket: 'bucket', key: '', partition: 'aws-cn' }],
    ['arn:aws-us-gov:s3:::bucket/a/', { bucket: 'bucket', key: 'a/', partition: 'aws-us-gov' }],
  ])('%s', (input, expected) => {
    expect(address(input)).toEqual(expected);
  });

  it('an empty address is the bucket list', () => {
    expect(parseS3Address('')).toEqual({ type: 'root' });
    expect(parseS3Address('   ')).toEqual({ type: 'root' });
    expect(parseS3Address('s3://')).toEqual({ type: 'root' });
  });

  it.each([
    ['https://example.com/bucket/key', /not an S3 endpoint/],
    ['https:/bucket/key', /not a bucket name/],
    ['ftp://bucket/key', /Only s3:\/\//],
    ['arn:aws:s3:us-east-1:123456789012:accesspoint/ap', /Access point/],
    ['arn:aws:iam::123456789012:role/x', /not an S3 ARN/],
    ['https://bucket.s3.amazonaws.com/%E0%A4%A', /broken %-escape/],
    ['https://s3.console.aws.amazon.com/s3/home?region=us-east-1', /not an S3 bucket or object page/],
    ['https://s3.console.aws.amazon.com/s3/object/bucket?region=us-east-1', /names no object/],
    ['my bucket/x', /not a bucket name/],
  ])('refuses %s with a reason', (input, reason) => {
    const parsed = parseS3Address(input);
    expect(parsed.type).toBe('invalid');
    if (parsed.type === 'invalid') expect(parsed.message).toMatch(reason);
  });

  it('folderOf gives the folder a key lives in', () => {
    expect(folderOf('a/b/c.txt')).toBe('a/b/');
    expect(folderOf('top.txt')).toBe('');
    expect(folderOf('a//b')).toBe('a//');
  });
});

describe('formatting', () => {
  const loc = { bucket: 'prod-222-data', key: 'docs/hello world ü.txt' };
  it('writes each form', () => {
    expect(formatS3Uri(loc)).toBe('s3://prod-222-data/docs/hello world ü.txt');
    expect(formatHttpsUrl(loc, 'eu-west-1')).toBe(
      'https://prod-222-data.s3.eu-west-1.amazonaws.com/docs/hello%20world%20%C3%BC.txt',
    );
    expect(formatHttpsUrl({ bucket: 'my.bucket', key: 'k' }, 'us-east-1')).toBe(
      'https://s3.us-east-1.amazonaws.com/my.bucket/k',
    );
    expect(formatHttpsUrl({ bucket: 'b-cn', key: 'k' }, 'cn-north-1')).toBe(
      'https://b-cn.s3.cn-north-1.amazonaws.com.cn/k',
    );
    expect(formatArn(loc)).toBe('arn:aws:s3:::prod-222-data/docs/hello world ü.txt');
    expect(formatArn({ bucket: 'b', key: '' }, 'aws-cn')).toBe('arn:aws-cn:s3:::b');
    expect(formatConsoleUrl({ bucket: 'b', key: 'a/' }, 'us-east-1')).toBe(
      'https://s3.console.aws.amazon.com/s3/buckets/b?region=us-east-1&prefix=a%2F&showversions=false',
    );
  });

  it('writes a cp command the shell reads back as the same words', () => {
    expect(formatCliCopy(loc, 'deploy')).toBe(
      "aws s3 cp 's3://prod-222-data/docs/hello world ü.txt' './hello world ü.txt' --profile deploy",
    );
    expect(formatCliCopy({ bucket: 'b', key: 'reports/2024/' })).toBe(
      'aws s3 cp --recursive s3://b/reports/2024/ ./2024/',
    );
    expect(formatCliCopy({ bucket: 'b', key: "it's" }, 'my profile')).toBe(
      `aws s3 cp 's3://b/it'\\''s' './it'\\''s' --profile 'my profile'`,
    );
  });
});

// Round trips: whatever the app writes in one of these forms, the address bar reads back.
const bucketName = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/).filter((b) => !b.includes('..'));
/** Any valid key: S3 keys are UTF-8 (no lone surrogates), up to 1,024 bytes. */
const anyKey = fc.string({ unit: 'grapheme', maxLength: 60 });
const region = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1');

describe('round trips', () => {
  it('S3 URI', () => {
    fc.assert(
      fc.property(
        bucketName,
        anyKey.filter((k) => !/[\r\n]$/.test(k)),
        (bucket, key) => {
          expect(address(formatS3Uri({ bucket, key }))).toEqual({ bucket, key });
        },
      ),
    );
  });

  it('HTTPS URL with region', () => {
    fc.assert(
      fc.property(bucketName, anyKey, region, (bucket, key, r) => {
        const parsed = address(formatHttpsUrl({ bucket, key }, r));
        expect(parsed).toMatchObject({ bucket, key, region: r });
      }),
    );
  });

  it('ARN', () => {
    fc.assert(
      fc.property(
        bucketName,
        anyKey,
        fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'),
        (bucket, key, partition) => {
          expect(address(formatArn({ bucket, key }, partition))).toEqual({ bucket, key, partition });
        },
      ),
    );
  });

  it('Console page, as folder or object', () => {
    fc.assert(
      fc.property(bucketName, anyKey, region, (bucket, key, r) => {
        const folder = key === '' || key.endsWith('/');
        expect(address(formatConsoleUrl({ bucket, key }, r))).toMatchObject({
          bucket,
          key,
          region: r,
          kind: folder ? 'folder' : 'object',
        });
      }),
    );
  });

  it('the parser never throws, whatever is pasted', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(['root', 'address', 'invalid']).toContain(parseS3Address(text).type);
      }),
    );
  });
});
