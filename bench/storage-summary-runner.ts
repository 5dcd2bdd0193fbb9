/**
 * One bench run of the storage summary, in its own process so its wall time and peak RSS are
 * measured alone: `summary` runs the app's StorageSummaryService (one listing without a
 * delimiter through the tally); `bare` pages the same ListObjectsV2 with the same client and only
 * counts, the floor any summary stands on. Argument: {"mode","bucket","prefix"}.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3ClientPool } from '../src/main/s3/client-pool';
import { StorageSummaryService } from '../src/main/storage-summary/summary-service';
import type { EventPayloads } from '../src/shared/ipc/contract';
import { StaticSessions } from './lib/static-sessions';
import { targetFromEnv } from './lib/workload';

const SESSION = 'bench';
const { mode, bucket, prefix } = JSON.parse(process.argv[2] ?? '{}') as {
  mode: 'bare' | 'summary';
  bucket: string;
  prefix: string;
};
const target = targetFromEnv();
const pool = new S3ClientPool(
  new StaticSessions(target.endpoint, target.accessKeyId, target.secretAccessKey),
);

async function bare(): Promise<number> {
  let keys = 0;
  let token: string | undefined;
  do {
    const page = token;
    const out = await pool.withBucket(SESSION, bucket, (client) =>
      client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          EncodingType: 'url',
          ContinuationToken: page,
        }),
      ),
    );
    keys += out.Contents?.length ?? 0;
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

function summary(): Promise<number> {
  return new Promise((resolve, reject) => {
    const service = new StorageSummaryService({
      pool,
      sink: {
        emit: (event, payload) => {
          if (event !== 'storageSummaryChanged') return;
          const s = payload as EventPayloads['storageSummaryChanged'];
          if (s.status === 'done') resolve(s.current.objects);
          else if (s.status !== 'running') reject(new Error(`${s.status}: ${s.error?.message ?? ''}`));
        },
      },
      keyLimit: () => Number.MAX_SAFE_INTEGER,
      bucketRegion: async () => 'us-east-1',
      incompleteUploads: async () => ({ bucket, uploads: [], truncated: false, partsSkipped: false }),
    });
    service.start({ sessionId: SESSION, bucket, prefix, versions: false });
  });
}

process.stdout.write(`${mode === 'bare' ? await bare() : await summary()}\n`);
pool.dropSession(SESSION);
