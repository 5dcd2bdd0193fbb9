// Client of the bulk-seeding endpoint of tests/support/seed-keys-server.py.
import type { MotoServer } from './moto';

/** Keys per request: keeps each request's JSON a few MB and each backend call well under a minute. */
const BATCH = 25_000;

/**
 * Creates objects with content `body` under `bucket` straight in moto's S3 backend: 100,000 keys
 * in seconds instead of minutes of PUTs. The server must have been started with `bulkSeeding`.
 */
export async function seedKeys(
  moto: Pick<MotoServer, 'endpoint'>,
  bucket: string,
  keys: readonly string[],
  body: string,
): Promise<void> {
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    const response = await fetch(`${moto.endpoint}/_crossbucket/seed-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bucket, keys: batch, body }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`seed-keys ${bucket}: HTTP ${response.status} ${text}`);
  }
}
