import type { TransferItem } from '../../../shared/models/transfer';

/** Where finished uploads and copies wrote, as `{ bucket, key }`; downloads write to disk. */
export function newlyLanded(
  items: readonly TransferItem[],
  before: readonly TransferItem[],
): { readonly bucket: string; readonly key: string }[] {
  const wasDone = new Set(before.filter((i) => i.status === 'done').map((i) => i.id));
  const landed: { bucket: string; key: string }[] = [];
  for (const item of items) {
    if (item.status !== 'done' || item.direction === 'download' || wasDone.has(item.id)) continue;
    const match = /^s3:\/\/([^/]+)\/(.*)$/s.exec(item.target);
    if (match?.[1] !== undefined && match[2] !== undefined) landed.push({ bucket: match[1], key: match[2] });
  }
  return landed;
}
