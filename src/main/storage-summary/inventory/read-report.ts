import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type AsyncBuffer, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { AppFailure } from '../../../shared/errors/app-error';
import { objectArn } from '../../s3/arns';
import { attempt } from '../../s3/call-failure';
import type { SummaryTally } from '../tally';
import { decodeKey } from '../walk-listing';
import type { InventoryManifest } from './manifest';

/** One inventory row, in the names the CSV fileSchema uses. */
export interface InventoryRow {
  readonly key: string;
  readonly size: number;
  readonly storageClass: string;
  readonly lastModified?: Date;
  /** Absent when the report does not include versions: every row is a current object. */
  readonly isLatest?: boolean;
  readonly isDeleteMarker?: boolean;
}

/** Splits one CSV record of an inventory file: every field quoted, `""` inside a field. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field');
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      fields.push(line.slice(i, comma < 0 ? line.length : comma));
      i = comma < 0 ? line.length : comma;
    }
    if (line[i] !== ',') break;
    i++;
  }
  return fields;
}

/** Adds a row under `prefix` to the tally (rows outside it are skipped). */
export function tallyRow(tally: SummaryTally, prefix: string, row: InventoryRow): void {
  if (!row.key.startsWith(prefix)) return;
  const facts = {
    key: row.key,
    size: row.size,
    storageClass: row.storageClass || 'STANDARD',
    ...(row.lastModified ? { lastModified: row.lastModified } : {}),
  };
  if (row.isDeleteMarker) tally.addDeleteMarker(facts);
  else if (row.isLatest === false) tally.addNoncurrent(facts);
  else tally.addCurrent(facts);
}

const csvRow = (columns: readonly string[], fields: readonly string[]): InventoryRow => {
  const at = (name: string) => {
    const i = columns.indexOf(name);
    return i < 0 ? undefined : fields[i];
  };
  const modified = at('LastModifiedDate');
  const latest = at('IsLatest');
  return {
    // CSV inventories URL-encode the key.
    key: decodeKey(at('Key') ?? ''),
    size: Number(at('Size') || 0),
    storageClass: at('StorageClass') ?? '',
    ...(modified ? { lastModified: new Date(modified) } : {}),
    ...(latest ? { isLatest: latest === 'true' } : {}),
    isDeleteMarker: at('IsDeleteMarker') === 'true',
  };
};

const damaged = (key: string, why: string) =>
  new AppFailure('validation', `The inventory file ${key} is damaged: ${why}. The summary is partial.`);

/** Streams one gzip CSV data file through the tally, checking it against the manifest's MD5. */
async function readCsvFile(
  client: S3Client,
  bucket: string,
  file: InventoryManifest['files'][number],
  columns: readonly string[],
  onRow: (row: InventoryRow) => void,
): Promise<void> {
  const out = await attempt({ action: 's3:GetObject', resource: objectArn(bucket, file.key) }, () =>
    client.send(new GetObjectCommand({ Bucket: bucket, Key: file.key })),
  );
  const body = out.Body as Readable;
  const md5 = createHash('md5');
  body.on('data', (chunk: Buffer) => md5.update(chunk));
  let rest = '';
  try {
    for await (const chunk of body.pipe(createGunzip())) {
      const lines = (rest + (chunk as Buffer).toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line) onRow(csvRow(columns, splitCsvLine(line.replace(/\r$/, ''))));
    }
    if (rest) onRow(csvRow(columns, splitCsvLine(rest)));
  } catch (err) {
    throw damaged(file.key, (err as Error).message);
  }
  if (file.md5 && md5.digest('hex') !== file.md5)
    throw damaged(file.key, 'its MD5 differs from the manifest');
}

/** A Parquet file read in ranges, so a large file is never held whole. */
const s3AsyncBuffer = (client: S3Client, bucket: string, key: string, size: number): AsyncBuffer => ({
  byteLength: size,
  slice: async (start, end) => {
    const out = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${(end ?? size) - 1}` }),
    );
    const bytes = await out.Body?.transformToByteArray();
    if (!bytes) return new ArrayBuffer(0);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  },
});

const PARQUET_COLUMNS = [
  'key',
  'size',
  'storage_class',
  'last_modified_date',
  'is_latest',
  'is_delete_marker',
];

/** Reads one Parquet data file row group by row group (hyparquet), the columns the tally needs. */
async function readParquetFile(
  client: S3Client,
  bucket: string,
  file: InventoryManifest['files'][number],
  onRow: (row: InventoryRow) => void,
): Promise<void> {
  const buffer = s3AsyncBuffer(client, bucket, file.key, file.size);
  const metadata = await parquetMetadataAsync(buffer).catch((err: Error) => {
    throw damaged(file.key, err.message);
  });
  const present = new Set(metadata.schema.map((s) => s.name));
  const columns = PARQUET_COLUMNS.filter((c) => present.has(c));
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: buffer, metadata, columns, rowStart, rowEnd });
    for (const r of rows) {
      const modified = r.last_modified_date;
      onRow({
        key: String(r.key),
        size: Number(r.size ?? 0),
        storageClass: String(r.storage_class ?? ''),
        ...(modified !== undefined && modified !== null ? { lastModified: new Date(modified) } : {}),
        ...(typeof r.is_latest === 'boolean' ? { isLatest: r.is_latest } : {}),
        isDeleteMarker: r.is_delete_marker === true,
      });
    }
    rowStart = rowEnd;
  }
}

/** Every data file of a report, one after another, through `onRow`. */
export async function readReport(
  client: S3Client,
  bucket: string,
  manifest: InventoryManifest,
  onRow: (row: InventoryRow) => void,
  signal: AbortSignal,
): Promise<void> {
  for (const file of manifest.files) {
    if (signal.aborted) return;
    if (manifest.fileFormat === 'CSV') await readCsvFile(client, bucket, file, manifest.columns, onRow);
    else await readParquetFile(client, bucket, file, onRow);
  }
}
