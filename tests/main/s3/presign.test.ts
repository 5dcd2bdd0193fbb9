import { describe, expect, it } from 'vitest';
import type { Clipboard } from '../../../src/main/platform/platform';
import { PresignService } from '../../../src/main/s3/presign';
import type { AppFailure } from '../../../src/shared/errors/app-error';
import { allow, policy } from '../../support/policies';
import { sessionsFor, useS3World } from './s3-fixture';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

class FakeClipboard implements Clipboard {
  readonly texts: string[] = [];
  readonly receipt = { copied: true, onClipboard: true, copiedTo: 'the clipboard' } as const;
  writeText(text: string): void {
    this.texts.push(text);
  }
}

describe('PresignService', () => {
  // Presigned URLs carry '/' in X-Amz-Credential, which moto's signature check mangles.
  const suite = useS3World(
    {
      users: { browser: { policies: [policy(allow('s3:*', '*'))] } },
      buckets: { share: { objects: { 'reports/q3 summary.txt': 'quarterly numbers' } } },
    },
    { liftAuth: true },
  );

  it('puts a working download link on the clipboard and returns only its expiry and where it went', async () => {
    const { sessions, pool } = sessionsFor(suite.world);
    const clipboard = new FakeClipboard();
    const result = await new PresignService(pool, sessions).presign(
      { sessionId: 'browser', bucket: 'share', key: 'reports/q3 summary.txt', expiresInSeconds: 3600 },
      clipboard,
    );

    expect(Object.keys(result).sort()).toEqual(['copied', 'copiedTo', 'expiresAt', 'onClipboard']);
    expect(result).toMatchObject({ onClipboard: true, copiedTo: 'the clipboard' });
    expect(clipboard.texts).toHaveLength(1);
    const response = await fetch(clipboard.texts[0]!);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('quarterly numbers');
  });

  it('never promises a link that outlives the session credentials', async () => {
    const { sessions, pool } = sessionsFor(suite.world, 'us-east-1', { expiresAt: new Date(NOW + 600_000) });
    const clipboard = new FakeClipboard();
    const result = await new PresignService(pool, sessions, () => NOW).presign(
      { sessionId: 'browser', bucket: 'share', key: 'reports/q3 summary.txt', expiresInSeconds: 86_400 },
      clipboard,
    );

    expect(result.expiresAt).toBe(new Date(NOW + 600_000).toISOString());
    expect(new URL(clipboard.texts[0]!).searchParams.get('X-Amz-Expires')).toBe('600');
  });

  it('refuses with token-expired, and leaves the clipboard alone, once the session has lapsed', async () => {
    const { sessions, pool } = sessionsFor(suite.world, 'us-east-1', { expiresAt: new Date(NOW - 1000) });
    const clipboard = new FakeClipboard();
    const error = await new PresignService(pool, sessions, () => NOW)
      .presign(
        { sessionId: 'browser', bucket: 'share', key: 'reports/q3 summary.txt', expiresInSeconds: 60 },
        clipboard,
      )
      .then(
        () => undefined,
        (err: AppFailure) => err.appError,
      );

    expect(error).toMatchObject({ code: 'token-expired' });
    expect(clipboard.texts).toEqual([]);
  });
});
