import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PreviewRequest, PreviewService } from '../../../src/main/objects/preview/preview-service';
import { S3ClientPool } from '../../../src/main/s3/client-pool';
import type { AppFailure } from '../../../src/shared/errors/app-error';
import { PREVIEW_LIMITS, type PreviewChunk } from '../../../src/shared/models/objects';
import { allow, policy } from '../../support/policies';
import { FakeSessions, useS3World } from '../s3/s3-fixture';

const BUCKET = 'preview-src';
const VERSIONED = 'preview-versions';
const MiB = 1024 * 1024;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: AppFailure) => err.appError,
  );

let nextId = 0;
const request = (key: string, extra: Partial<PreviewRequest> = {}): PreviewRequest => ({
  requestId: `r-${++nextId}`,
  sessionId: 'reader',
  bucket: BUCKET,
  key,
  offset: 0,
  mode: 'auto',
  gunzip: false,
  ...extra,
});

describe('previewing objects with ranged GETs', () => {
  const suite = useS3World(
    {
      users: {
        reader: { policies: [policy(allow('s3:*', '*'))] },
        blind: { policies: [policy(allow('s3:ListBucket', '*'))] },
      },
      buckets: { [BUCKET]: {}, [VERSIONED]: { versioning: true } },
    },
    { liftAuth: false },
  );
  let previews: PreviewService;
  const put = (input: Omit<PutObjectCommandInput, 'Bucket'> & { Bucket?: string }) =>
    suite.world.s3For('111111111111').send(new PutObjectCommand({ Bucket: BUCKET, ...input }));

  /** Two pages of text whose page boundary falls inside a three-byte character. */
  const longText = `${'a'.repeat(PREVIEW_LIMITS.textPage - 1)}日本語 and the rest\n`;
  const gzText = Array.from({ length: 60_000 }, (_, i) => `{"line":${i}}`).join('\n');

  beforeAll(async () => {
    previews = new PreviewService(suite.pool);
    await put({ Key: 'long.txt', Body: longText });
    await put({ Key: 'data.json', Body: '{"a":[1,2,{"b":null}]}', ContentType: 'application/json' });
    await put({ Key: 'page.html', Body: '<h1>hi</h1><script>alert(1)</script>', ContentType: 'text/html' });
    await put({ Key: 'fake.png', Body: '<script>alert(1)</script>', ContentType: 'image/png' });
    await put({
      Key: 'real-image.txt',
      Body: Buffer.concat([PNG, Buffer.alloc(500, 7)]),
      ContentType: 'text/plain',
    });
    await put({
      Key: 'drawing.svg',
      Body: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    });
    await put({ Key: 'blob.bin', Body: Buffer.alloc(200_000, 0) });
    await put({ Key: 'empty.txt', Body: '' });
    await put({ Key: 'logs/app.jsonl.gz', Body: gzipSync(gzText) });
    // 48 MiB of zeros compress to ~48 KiB: a small object that inflates far past any cap.
    await put({ Key: 'bomb.gz', Body: gzipSync(Buffer.alloc(48 * MiB, 'a')) });
    await put({ Key: 'cold.txt', Body: 'archived', StorageClass: 'GLACIER' });
  });

  it('sends text a page at a time; "load more" continues exactly where the page stopped', async () => {
    const first = await previews.preview(request('long.txt'));
    expect(first).toMatchObject({
      kind: 'text',
      format: 'plain',
      offset: 0,
      objectBytes: Buffer.byteLength(longText),
    });
    // The page ends inside 日 (three bytes): the partial character waits for the next page.
    expect(first.nextOffset).toBe(PREVIEW_LIMITS.textPage - 1);
    const second = await previews.preview(
      request('long.txt', { offset: first.nextOffset ?? 0, mode: 'text' }),
    );
    expect(second.nextOffset).toBeUndefined();
    expect((first.text ?? '') + (second.text ?? '')).toBe(longText);
  });

  it('names the layout from the name and type, but HTML is text whatever it claims', async () => {
    expect(await previews.preview(request('data.json'))).toMatchObject({
      kind: 'text',
      format: 'json',
      text: '{"a":[1,2,{"b":null}]}',
      contentType: 'application/json',
    });
    expect(await previews.preview(request('page.html'))).toMatchObject({
      kind: 'text',
      format: 'html',
      text: '<h1>hi</h1><script>alert(1)</script>',
    });
    // Content-Type image/png over a script: the bytes decide, it is text.
    expect(await previews.preview(request('fake.png'))).toMatchObject({ kind: 'text', format: 'plain' });
  });

  it('sends images whole, typed by their bytes, and SVG as an image the user can ask to read as text', async () => {
    const png = await previews.preview(request('real-image.txt'));
    expect(png).toMatchObject({ kind: 'image', imageType: 'image/png', contentType: 'text/plain' });
    expect(Buffer.from(png.base64 ?? '', 'base64')).toEqual(Buffer.concat([PNG, Buffer.alloc(500, 7)]));

    const svg = await previews.preview(request('drawing.svg'));
    expect(svg).toMatchObject({ kind: 'image', imageType: 'image/svg+xml', format: 'svg' });
    const source = await previews.preview(request('drawing.svg', { mode: 'text' }));
    expect(source).toMatchObject({ kind: 'text', format: 'svg' });
    expect(source.text).toContain('<script>alert(1)</script>');
  });

  it('shows anything else as hex, 64 KiB at a time, and stops at the hex cap', async () => {
    const hex = await previews.preview(request('blob.bin'));
    expect(hex).toMatchObject({ kind: 'hex', offset: 0, nextOffset: PREVIEW_LIMITS.hexPage });
    expect(Buffer.from(hex.base64 ?? '', 'base64')).toEqual(Buffer.alloc(PREVIEW_LIMITS.hexPage, 0));
    const last = await previews.preview(
      request('blob.bin', { mode: 'hex', offset: 3 * PREVIEW_LIMITS.hexPage }),
    );
    expect(Buffer.from(last.base64 ?? '', 'base64').length).toBe(200_000 - 3 * PREVIEW_LIMITS.hexPage);
    expect(last.nextOffset).toBeUndefined();
    const beyond = await failure(
      previews.preview(request('blob.bin', { mode: 'hex', offset: PREVIEW_LIMITS.maxHex })),
    );
    expect(beyond.code).toBe('validation');
  });

  it('says an empty object is empty (S3 refuses any range of it)', async () => {
    expect(await previews.preview(request('empty.txt'))).toMatchObject({ kind: 'empty', objectBytes: 0 });
  });

  it('decompresses gzip in main and lays it out by the name inside', async () => {
    const first = await previews.preview(request('logs/app.jsonl.gz'));
    expect(first).toMatchObject({ kind: 'text', gunzipped: true, offset: 0 });
    expect(first.text).toBe(gzText.slice(0, first.text?.length));
    let shown = first.text ?? '';
    let chunk: PreviewChunk = first;
    while (chunk.nextOffset !== undefined) {
      chunk = await previews.preview(
        request('logs/app.jsonl.gz', { offset: chunk.nextOffset, mode: 'text', gunzip: true }),
      );
      shown += chunk.text ?? '';
    }
    expect(shown).toBe(gzText);
  });

  it('inflates a gzip bomb no further than the page asked for, and refuses past the text cap', async () => {
    const page = await previews.preview(request('bomb.gz'));
    expect(page).toMatchObject({ kind: 'text', gunzipped: true, nextOffset: PREVIEW_LIMITS.textPage });
    expect(page.text).toHaveLength(PREVIEW_LIMITS.textPage);
    const atCap = await previews.preview(
      request('bomb.gz', {
        offset: PREVIEW_LIMITS.maxText - PREVIEW_LIMITS.textPage,
        mode: 'text',
        gunzip: true,
      }),
    );
    expect(atCap).toMatchObject({ capped: true });
    expect(atCap.nextOffset).toBeUndefined();
    expect(atCap.note).toMatch(/download/);
    const past = await failure(
      previews.preview(request('bomb.gz', { offset: PREVIEW_LIMITS.maxText, mode: 'text', gunzip: true })),
    );
    expect(past.code).toBe('validation');
  });

  it('explains that an archived object must be restored before it can be previewed', async () => {
    const error = await failure(previews.preview(request('cold.txt')));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/archived/);
    expect(error.hints?.join(' ')).toMatch(/Restore/);
  });

  it('previews a chosen version', async () => {
    const s3 = suite.world.s3For('111111111111');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: VERSIONED, Key: 'v.txt', Body: 'first' }));
    await s3.send(new PutObjectCommand({ Bucket: VERSIONED, Key: 'v.txt', Body: 'second' }));
    const old = await previews.preview(request('v.txt', { bucket: VERSIONED, versionId: v1.VersionId }));
    expect(old.text).toBe('first');
  });

  it('names the refused action when the role may not read the object', async () => {
    const error = await failure(previews.preview(request('data.json', { sessionId: 'blind' })));
    expect(error.code).toBe('access-denied');
    expect(error.details?.action).toBe('s3:GetObject');
  });
});

describe('cancelling a preview', () => {
  let server: Server;
  let endpoint: string;
  const opened: IncomingMessage[] = [];
  const closed: IncomingMessage[] = [];

  beforeAll(async () => {
    // An S3 stand-in whose GetObject sends headers and a first chunk, then stalls: the only way
    // a preview can end is that the client gives up on it.
    server = createServer((req, res) => {
      opened.push(req);
      res.on('close', () => closed.push(req));
      res.writeHead(206, {
        'content-type': 'text/plain',
        'content-range': `bytes 0-${PREVIEW_LIMITS.textPage}/${100 * MiB}`,
        'content-length': String(PREVIEW_LIMITS.textPage + 1),
      });
      res.write('first bytes…');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  it('aborts the GET in flight and answers "cancelled"', async () => {
    const sessions = new FakeSessions();
    sessions.add(
      's',
      { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      { region: 'us-east-1', s3Endpoint: endpoint },
    );
    const previews = new PreviewService(new S3ClientPool(sessions));
    const pending = failure(
      previews.preview({
        requestId: 'stalled',
        sessionId: 's',
        bucket: 'bucket',
        key: 'k',
        offset: 0,
        mode: 'auto',
        gunzip: false,
      }),
    );
    await expect.poll(() => opened.length, { timeout: 30_000 }).toBe(1);
    expect(previews.running).toBe(1);
    previews.cancel('stalled');
    expect((await pending).code).toBe('cancelled');
    // The connection was torn down, not left to download the rest.
    await expect.poll(() => closed.length, { timeout: 30_000 }).toBe(1);
    expect(previews.running).toBe(0);
  });
});
