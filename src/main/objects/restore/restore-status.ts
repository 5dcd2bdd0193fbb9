import type { RestoreStatus } from '../../../shared/models/objects';

/**
 * Reads the `x-amz-restore` header: `ongoing-request="true"` while a restore runs, then
 * `ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"` until the
 * restored copy expires. Undefined when the header is absent or unreadable.
 */
export function parseRestoreStatus(header: string | undefined): RestoreStatus | undefined {
  if (!header) return undefined;
  const ongoing = /ongoing-request\s*=\s*"(true|false)"/i.exec(header)?.[1];
  if (ongoing === undefined) return undefined;
  const expiry = /expiry-date\s*=\s*"([^"]+)"/i.exec(header)?.[1];
  const expires = expiry ? new Date(expiry) : undefined;
  return {
    ongoing: ongoing.toLowerCase() === 'true',
    ...(expires && !Number.isNaN(expires.getTime()) ? { expiresAt: expires.toISOString() } : {}),
  };
}
