import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { AppFailure } from '../../../shared/errors/app-error';
import { bucketArn, objectArn } from '../../s3/arns';
import { attempt } from '../../s3/call-failure';

/** The manifest.json of one S3 Inventory report, as far as Crossbucket reads it. */
export interface InventoryManifest {
  readonly sourceBucket: string;
  readonly fileFormat: 'CSV' | 'Parquet';
  /** CSV: the column names in order; Parquet files carry their own schema. */
  readonly columns: readonly string[];
  readonly files: readonly { readonly key: string; readonly size: number; readonly md5?: string }[];
  /** The report's time, from the manifest (`creationTimestamp`, milliseconds). */
  readonly createdAt: string;
}

/** Where a configuration's reports land: `<prefix>/<source bucket>/<configuration ID>/`. */
export const reportRoot = (
  destinationPrefix: string,
  sourceBucket: string,
  configurationId: string,
): string => {
  const base = destinationPrefix.replace(/\/+$/, '');
  return `${base ? `${base}/` : ''}${sourceBucket}/${configurationId}/`;
};

const unreadable = (key: string, why: string): AppFailure =>
  new AppFailure('validation', `The inventory manifest ${key} cannot be used: ${why}.`, {
    hints: [
      'S3 writes a new report daily or weekly; try again after the next one, or list the prefix instead.',
    ],
  });

/**
 * Parses and checks a manifest: it must be whole JSON, name the bucket being summarised and list
 * its data files in a format Crossbucket reads (CSV or Parquet; ORC is not read).
 */
export function parseManifest(text: string, key: string, expectedBucket: string): InventoryManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unreadable(key, 'it is not whole JSON (truncated or damaged)');
  }
  const m = json as {
    sourceBucket?: unknown;
    fileFormat?: unknown;
    fileSchema?: unknown;
    files?: unknown;
    creationTimestamp?: unknown;
  };
  if (typeof m.sourceBucket !== 'string') throw unreadable(key, 'it names no source bucket');
  if (m.sourceBucket !== expectedBucket)
    throw unreadable(key, `it is the inventory of ${m.sourceBucket}, not of ${expectedBucket}`);
  if (m.fileFormat !== 'CSV' && m.fileFormat !== 'Parquet')
    throw unreadable(key, `its files are ${String(m.fileFormat)}; Crossbucket reads CSV and Parquet`);
  if (!Array.isArray(m.files) || m.files.length === 0) throw unreadable(key, 'it lists no data files');
  const files = m.files.map((f: { key?: unknown; size?: unknown; MD5checksum?: unknown }) => {
    if (typeof f?.key !== 'string') throw unreadable(key, 'a data file has no key');
    return {
      key: f.key,
      size: typeof f.size === 'number' ? f.size : 0,
      ...(typeof f.MD5checksum === 'string' ? { md5: f.MD5checksum } : {}),
    };
  });
  const columns =
    typeof m.fileSchema === 'string' && m.fileFormat === 'CSV'
      ? m.fileSchema.split(',').map((c) => c.trim())
      : [];
  if (m.fileFormat === 'CSV' && !columns.includes('Key'))
    throw unreadable(key, 'its fileSchema has no Key column');
  const created = Number(m.creationTimestamp);
  return {
    sourceBucket: m.sourceBucket,
    fileFormat: m.fileFormat,
    columns,
    files,
    createdAt: new Date(Number.isFinite(created) ? created : Date.now()).toISOString(),
  };
}

/** The newest report's manifest under the configuration's root: report folders are named by date. */
export async function latestManifest(
  client: S3Client,
  destinationBucket: string,
  root: string,
  sourceBucket: string,
): Promise<{ key: string; manifest: InventoryManifest }> {
  const dates: string[] = [];
  let token: string | undefined;
  do {
    const out = await attempt({ action: 's3:ListBucket', resource: bucketArn(destinationBucket) }, () =>
      client.send(
        new ListObjectsV2Command({
          Bucket: destinationBucket,
          Prefix: root,
          Delimiter: '/',
          ContinuationToken: token,
        }),
      ),
    );
    for (const p of out.CommonPrefixes ?? []) {
      const name = p.Prefix?.slice(root.length, -1) ?? '';
      if (/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}Z$/.test(name)) dates.push(name);
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  const newest = dates.sort().at(-1);
  if (!newest) {
    throw new AppFailure('not-found', `No inventory report is in s3://${destinationBucket}/${root} yet.`, {
      hints: ['S3 delivers the first report within 48 hours of configuring the inventory.'],
    });
  }
  const key = `${root}${newest}/manifest.json`;
  const text = await attempt(
    { action: 's3:GetObject', resource: objectArn(destinationBucket, key) },
    async () => {
      const out = await client.send(new GetObjectCommand({ Bucket: destinationBucket, Key: key }));
      return (await out.Body?.transformToString('utf8')) ?? '';
    },
  ).catch((err: unknown) => {
    if (err instanceof AppFailure && err.appError.code === 'no-such-key')
      throw new AppFailure(
        'not-found',
        `The report ${newest} has no manifest.json: S3 may still be writing it.`,
      );
    throw err;
  });
  return { key, manifest: parseManifest(text, key, sourceBucket) };
}
