import { S3Client } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/core/protocols';
import { describe, expect, it } from 'vitest';
import { shareSigner } from '../../../src/shared/s3/shared-signer';

const request = () =>
  new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname: 'bucket.s3.eu-west-1.amazonaws.com',
    path: '/key.txt',
    headers: { host: 'bucket.s3.eu-west-1.amazonaws.com' },
  });

const accessKeyOf = (signed: { headers: Record<string, string> }): string | undefined =>
  /Credential=([A-Z0-9]+)\//.exec(signed.headers.authorization ?? '')?.[1];

describe('shareSigner', () => {
  it('hands every request the same signer, which still signs with the credentials of the moment', async () => {
    let current = { accessKeyId: 'AKIAFIRST', secretAccessKey: 'one' };
    const client = new S3Client({
      region: 'eu-west-1',
      credentials: Object.assign(async () => current, { memoized: true }),
    });
    shareSigner(client);
    const first = await client.config.signer();
    expect(await client.config.signer()).toBe(first);

    const options = { signingDate: new Date(), signingRegion: 'eu-west-1', signingService: 's3' };
    const before = (await first.sign(request(), options)) as HttpRequest;
    expect(accessKeyOf(before)).toBe('AKIAFIRST');
    // A renewed session: the shared signer picks it up on the next request.
    current = { accessKeyId: 'AKIASECOND', secretAccessKey: 'two' };
    const after = (await first.sign(request(), options)) as HttpRequest;
    expect(accessKeyOf(after)).toBe('AKIASECOND');
    // Each signing takes its region from the request, not from the first one signed.
    const elsewhere = (await first.sign(request(), {
      ...options,
      signingRegion: 'us-west-2',
    })) as HttpRequest;
    expect(elsewhere.headers.authorization).toContain('/us-west-2/s3/aws4_request');
    client.destroy();
  });
});
