// Writes an S3 Inventory report as S3 delivers one (moto stores inventory configurations but never
// produces reports): `<prefix>/<source>/<config>/<YYYY-MM-DDTHH-MMZ>/manifest.json` naming data
// files under `<prefix>/<source>/<config>/data/`, CSV files gzip'd with every field quoted and the
// key URL-encoded, Parquet files with the documented lower-case columns.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html
import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parquetWriteBuffer } from 'hyparquet-writer';

export interface ReportRow {
  readonly key: string;
  readonly size?: number;
  readonly storageClass?: string;
  readonly lastModified: Date;
  readonly versionId?: string;
  readonly isLatest?: boolean;
  readonly isDeleteMarker?: boolean;
}

export interface ReportSpec {
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly prefix: string;
  readonly configurationId: string;
  /** The report folder's name, e.g. `2026-12-05T01-00Z`. */
  readonly date: string;
  readonly format: 'CSV' | 'Parquet';
  readonly files: readonly (readonly ReportRow[])[];
  /** Replaces the manifest's text (a truncated or foreign manifest). */
  readonly manifestText?: (json: string) => string;
  /** Replaces a data file's bytes before it is written (a damaged file). */
  readonly damage?: (bytes: Buffer, index: number) => Buffer;
}

const CSV_SCHEMA = 'Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, StorageClass';
const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;

function csvFile(bucket: string, rows: readonly ReportRow[]): Buffer {
  const lines = rows.map((r) =>
    [
      bucket,
      encodeURIComponent(r.key),
      r.versionId ?? '',
      String(r.isLatest ?? true),
      String(r.isDeleteMarker ?? false),
      r.isDeleteMarker ? '' : String(r.size ?? 0),
      r.lastModified.toISOString(),
      r.isDeleteMarker ? '' : (r.storageClass ?? 'STANDARD'),
    ]
      .map(quote)
      .join(','),
  );
  return gzipSync(`${lines.join('\n')}\n`);
}

function parquetFile(bucket: string, rows: readonly ReportRow[]): Buffer {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'bucket', data: rows.map(() => bucket), type: 'STRING' },
      { name: 'key', data: rows.map((r) => r.key), type: 'STRING' },
      { name: 'is_latest', data: rows.map((r) => r.isLatest ?? true), type: 'BOOLEAN' },
      { name: 'is_delete_marker', data: rows.map((r) => r.isDeleteMarker ?? false), type: 'BOOLEAN' },
      { name: 'size', data: rows.map((r) => BigInt(r.size ?? 0)), type: 'INT64' },
      { name: 'last_modified_date', data: rows.map((r) => r.lastModified), type: 'TIMESTAMP' },
      { name: 'storage_class', data: rows.map((r) => r.storageClass ?? 'STANDARD'), type: 'STRING' },
    ],
  });
  return Buffer.from(buffer);
}

/** Writes the data files and the manifest; returns the manifest's key. */
export async function writeInventoryReport(client: S3Client, spec: ReportSpec): Promise<string> {
  const root = `${spec.prefix ? `${spec.prefix}/` : ''}${spec.sourceBucket}/${spec.configurationId}/`;
  const files = [];
  for (const [i, rows] of spec.files.entries()) {
    const key = `${root}data/${randomUUID()}.${spec.format === 'CSV' ? 'csv.gz' : 'parquet'}`;
    const good =
      spec.format === 'CSV' ? csvFile(spec.sourceBucket, rows) : parquetFile(spec.sourceBucket, rows);
    const md5 = createHash('md5').update(good).digest('hex');
    const body = spec.damage ? spec.damage(good, i) : good;
    await client.send(new PutObjectCommand({ Bucket: spec.destinationBucket, Key: key, Body: body }));
    files.push({ key, size: body.length, MD5checksum: md5 });
  }
  const manifest = JSON.stringify({
    sourceBucket: spec.sourceBucket,
    destinationBucket: `arn:aws:s3:::${spec.destinationBucket}`,
    version: '2016-11-30',
    creationTimestamp: String(Date.parse(`${spec.date.slice(0, 13)}:${spec.date.slice(14, 16)}:00Z`)),
    fileFormat: spec.format,
    ...(spec.format === 'CSV'
      ? { fileSchema: CSV_SCHEMA }
      : { fileSchema: 'message s3.inventory { required binary bucket (STRING); ... }' }),
    files,
  });
  const manifestKey = `${root}${spec.date}/manifest.json`;
  await client.send(
    new PutObjectCommand({
      Bucket: spec.destinationBucket,
      Key: manifestKey,
      Body: spec.manifestText ? spec.manifestText(manifest) : manifest,
    }),
  );
  return manifestKey;
}
