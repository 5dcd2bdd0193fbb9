import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { bucketArn } from './arns';
import { attempt } from './call-failure';

export interface KeyInfo {
  readonly key: string;
  readonly size: number;
}

/** Every object under a prefix, at any depth (no delimiter), one page at a time. */
export async function* keysUnder(client: S3Client, bucket: string, prefix: string): AsyncGenerator<KeyInfo> {
  let token: string | undefined;
  do {
    const out = await attempt({ action: 's3:ListBucket', resource: bucketArn(bucket) }, () =>
      client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
    );
    for (const o of out.Contents ?? []) {
      if (o.Key !== undefined) yield { key: o.Key, size: o.Size ?? 0 };
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
}
