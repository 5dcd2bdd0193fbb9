/** Objects the preview specs put in prod-data, made here so each is exactly what a test expects. */
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { World } from '../support/aws-world';
import { ACCOUNT, BUCKET } from '../support/standard-world';

export const PREVIEW_PREFIX = 'preview/';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real, decodable RGB PNG of one colour. */
export function solidPng(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const CSV = [
  'date,region,orders,revenue,customer',
  '2025-01-01,eu-west-1,120,"12,400.50","Smith, J"',
  '2025-01-02,us-east-1,98,"9,870.00","O""Brien"',
  '2025-01-03,ap-southeast-2,143,"15,002.75",Nguyen',
  '2025-01-04,eu-central-1,77,"7,310.20",Müller',
  '2025-01-05,us-west-2,161,"17,880.00",García',
].join('\n');

export const JSON_DOC = JSON.stringify(
  {
    service: 'billing-export',
    version: 3,
    enabled: true,
    owner: null,
    regions: ['eu-west-1', 'us-east-1'],
    limits: { daily: 1000, burst: { size: 50, window: '1m' } },
  },
  null,
  0,
);

export const LONG_TEXT = `${'INFO request served in 12 ms\n'.repeat(60_000)}THE END\n`;

export const GZ_LOG = Array.from(
  { length: 200 },
  (_, i) => `2025-06-01T12:00:${String(i % 60).padStart(2, '0')}Z INFO line ${i}`,
).join('\n');

/** HTML that would show a heading, set a flag and open alerts if it were ever rendered. */
export const EVIL_HTML =
  '<h1 id="injected">Injected heading</h1><script>window.__pwned = 1; alert("html script")</script>' +
  '<img src="x" onerror="window.__pwned = 2; alert(\'img onerror\')">';

/** An SVG that tries every way to run or reach out: handlers, script, external images, HTML inside. */
export const evilSvg = (beacon: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" onload="alert('svg onload');console.log('svg onload')">` +
  `<script>alert('svg script'); console.log('svg script'); fetch('${beacon}/script');</script>` +
  `<rect width="120" height="80" fill="#2a7"/>` +
  `<image href="${beacon}/image.png" width="10" height="10"/>` +
  `<foreignObject width="100" height="50"><div xmlns="http://www.w3.org/1999/xhtml">` +
  `<img src="${beacon}/foreign.png" onerror="alert('foreign')"/></div></foreignObject>` +
  `<a href="javascript:alert('link')"><text x="10" y="40">click</text></a></svg>`;

/** The hostile objects, left out where only the ordinary ones are wanted (the README screenshot). */
export const HOSTILE = ['evil.html', 'disguised.png', 'evil.svg'];

export async function putPreviewObjects(
  world: World,
  beacon = 'http://127.0.0.1:9',
  { hostile = true }: { hostile?: boolean } = {},
): Promise<void> {
  const s3 = world.s3For(ACCOUNT.prod);
  const put = async (key: string, body: string | Buffer, contentType?: string) => {
    if (!hostile && HOSTILE.includes(key)) return;
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET.prodData,
        Key: `${PREVIEW_PREFIX}${key}`,
        Body: body,
        ...(contentType ? { ContentType: contentType } : {}),
      }),
    );
  };
  await Promise.all([
    put('notes.md', '# Release notes\n\n- faster listings\n- previews\n', 'text/markdown'),
    put('config.json', JSON_DOC, 'application/json'),
    put('orders.csv', CSV, 'text/csv'),
    put('app.log.gz', gzipSync(GZ_LOG), 'application/gzip'),
    put('pixel.png', solidPng(3, 2, [200, 40, 40]), 'image/png'),
    put(
      'firmware.bin',
      Buffer.concat([Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]), Buffer.from('ABC')]),
    ),
    put('long.log', LONG_TEXT, 'text/plain'),
    put('evil.html', EVIL_HTML, 'text/html'),
    put('disguised.png', EVIL_HTML, 'image/png'),
    put('evil.svg', evilSvg(beacon), 'image/svg+xml'),
  ]);
}
