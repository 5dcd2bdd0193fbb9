import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { get } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goBuild } from './cache';
import { run } from './exec';

export interface Server {
  readonly name: string;
  readonly version: string;
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** For an HTTPS server: the PEM file of its self-signed certificate, which every client is told to trust. */
  readonly caFile?: string;
  stop(): Promise<void>;
}

const ACCESS_KEY = 'benchaccesskey';
const SECRET_KEY = 'benchsecretkey-0123456789';

/** Pinned so every machine benches the same server build. */
const MINIO = { module: 'github.com/minio/minio', version: 'v0.0.0-20260212201848-7aac2a2c5b7c' };
const VERSITYGW = { module: 'github.com/versity/versitygw', version: 'v1.0.14' };

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });

/** An HTTP status from `url`; over HTTPS, trusting only `ca` (fetch cannot be given a CA). */
const statusOf = (url: string, ca?: Buffer): Promise<number> =>
  ca
    ? new Promise((resolve, reject) => {
        get(url, { ca }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      })
    : fetch(url).then((r) => r.status);

async function waitReady(url: string, child: ChildProcess, ca?: Buffer): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await statusOf(url, ca).then(
      (status) => status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready at ${url} after 60 s`);
}

async function launch(
  name: string,
  version: string,
  binary: string,
  args: (port: number, dataDir: string) => string[],
  env: Record<string, string>,
  readyPath: string,
  tls?: Tls,
): Promise<Server> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cb-bench-data-'));
  const port = await freePort();
  const child = spawn(binary, args(port, dataDir), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  try {
    await waitReady(endpoint + readyPath, child, tls && (await readFile(tls.caFile)));
  } catch (err) {
    child.kill();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    name,
    version,
    endpoint,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET_KEY,
    ...(tls && { caFile: tls.caFile }),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
      if (tls) await rm(tls.dir, { recursive: true, force: true });
    },
  };
}

interface Tls {
  /** MinIO's certs directory: public.crt and private.key. */
  readonly dir: string;
  readonly caFile: string;
}

/**
 * A self-signed certificate for 127.0.0.1, made for this run only (ECDSA P-256, as S3's own
 * endpoints negotiate ECDHE with AES-GCM), so no key outlives the bench.
 */
async function selfSignedCertificate(): Promise<Tls> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-bench-certs-'));
  await mkdir(dir, { recursive: true });
  const caFile = join(dir, 'public.crt');
  await run({
    cmd: 'openssl',
    args: [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'private.key'),
      '-out',
      caFile,
    ],
  });
  return { dir, caFile };
}

const startMinio = async (options: ServerOptions): Promise<Server> => {
  const binary = await goBuild(MINIO.module, MINIO.version, '', 'minio');
  const tls = options.tls ? await selfSignedCertificate() : undefined;
  return launch(
    `MinIO (single drive${tls ? ', HTTPS' : ''})`,
    `${MINIO.module}@${MINIO.version}`,
    binary,
    (port, dir) => [
      'server',
      dir,
      '--quiet',
      '--address',
      `127.0.0.1:${port}`,
      ...(tls ? ['--certs-dir', tls.dir] : []),
    ],
    {
      MINIO_ROOT_USER: ACCESS_KEY,
      MINIO_ROOT_PASSWORD: SECRET_KEY,
      MINIO_BROWSER: 'off',
      MINIO_UPDATE: 'off',
    },
    '/minio/health/live',
    tls,
  );
};

const startVersity = async (options: ServerOptions): Promise<Server> => {
  if (options.tls) throw new Error('the HTTPS variant is benched on MinIO only');
  const binary = await goBuild(VERSITYGW.module, VERSITYGW.version, 'cmd/versitygw', 'versitygw');
  return launch(
    'versitygw (posix backend)',
    `${VERSITYGW.module}@${VERSITYGW.version}`,
    binary,
    (port, dir) => [
      '--access',
      ACCESS_KEY,
      '--secret',
      SECRET_KEY,
      '--port',
      `127.0.0.1:${port}`,
      'posix',
      dir,
    ],
    {},
    '/',
  );
};

export interface ServerOptions {
  /** Serve HTTPS with a self-signed certificate made for the run. */
  readonly tls?: boolean;
}

/** MinIO first (the most used self-hosted S3); versitygw if MinIO cannot be built here. */
export async function startServer(log: (line: string) => void, options: ServerOptions = {}): Promise<Server> {
  const failures: string[] = [];
  for (const [name, start] of [
    ['MinIO', startMinio],
    ['versitygw', startVersity],
  ] as const) {
    try {
      log(`server: building/starting ${name} (cached under bench/.cache after the first build)`);
      return await start(options);
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      log(`server: ${name} failed, trying the next`);
    }
  }
  throw new Error(`no S3 server could be started:\n${failures.join('\n')}`);
}
