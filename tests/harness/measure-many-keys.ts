// Measures bulk key creation and listing in moto: `npx tsx tests/harness/measure-many-keys.ts [count]`.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createWorld } from '../support/aws-world';

const ACCOUNT = '111111111111';
const BUCKET = 'many-keys';
const count = Number(process.argv[2] ?? 100_000);

const started = Date.now();
const world = await createWorld({
  accounts: { [ACCOUNT]: { buckets: { [BUCKET]: { manyKeys: { prefix: 'bulk/', count } } } } },
});
const built = Date.now();
console.log(`created ${count} keys in ${((built - started) / 1000).toFixed(1)} s`);

try {
  const s3 = world.s3For(ACCOUNT);
  let pages = 0;
  let listed = 0;
  let token: string | undefined;
  const firstPageStart = Date.now();
  let firstPageMs = 0;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }));
    if (pages === 0) firstPageMs = Date.now() - firstPageStart;
    pages++;
    listed += page.KeyCount ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  const listMs = Date.now() - firstPageStart;
  console.log(
    `listed ${listed} keys in ${pages} pages: first page ${firstPageMs} ms, all ${(listMs / 1000).toFixed(1)} s`,
  );
} finally {
  await world.dispose();
}
