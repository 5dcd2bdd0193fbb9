import { basename, join } from 'node:path';
import { RUNNERS_DIR } from './bundle-runners';
import type { Command } from './exec';
import type { Peer } from './peers';
import type { Server } from './server';
import type { Workload } from './workload';

export interface Contender {
  readonly name: string;
  readonly version: string;
  /** The client invocation for a workload, as its users would type it (defaults, no tuning flags). */
  command(workload: Workload): Command;
}

const s3url = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

/**
 * Node runners are the real modules, bundled by bundleRunners before the first run. Node adds
 * NODE_EXTRA_CA_CERTS to its built-in CAs, as a user behind a TLS-inspecting proxy would set it.
 */
const nodeRunner =
  (script: string, server: Server) =>
  (workload: Workload): Command => ({
    cmd: process.execPath,
    args: [join(RUNNERS_DIR, script), JSON.stringify(workload)],
    env: { BENCH_ENDPOINT: server.endpoint, ...(server.caFile && { NODE_EXTRA_CA_CERTS: server.caFile }) },
  });

/** The AWS SDKs (the CLI's botocore, s5cmd's aws-sdk-go) add the CAs in AWS_CA_BUNDLE. */
const awsTrust = (server: Server): Record<string, string> =>
  server.caFile ? { AWS_CA_BUNDLE: server.caFile } : {};

export function crossbucket(version: string, server: Server): Contender {
  return { name: 'crossbucket', version, command: nodeRunner('crossbucket-runner.mjs', server) };
}

export function bareSdk(version: string, server: Server): Contender {
  return { name: 'bare-sdk', version, command: nodeRunner('sdk-runner.mjs', server) };
}

function awsCli(binary: string, version: string, server: Server): Contender {
  const env = {
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    ...awsTrust(server),
  };
  const s3 = (...args: string[]): Command => ({
    cmd: binary,
    args: ['s3', ...args, '--endpoint-url', server.endpoint, '--only-show-errors', '--no-progress'],
    env,
  });
  return {
    name: 'aws-cli',
    version,
    command(w) {
      switch (w.kind) {
        case 'upload-file':
          return s3('cp', w.file, s3url(w.bucket, w.prefix + basename(w.file)));
        case 'upload-dir':
          return s3('cp', '--recursive', w.dir, s3url(w.bucket, `${w.prefix}${basename(w.dir)}/`));
        case 'download-file':
          return s3('cp', s3url(w.bucket, w.key), join(w.dir, basename(w.key)));
        case 'download-prefix':
          return s3('cp', '--recursive', s3url(w.bucket, w.prefix), join(w.dir, basename(w.prefix)));
        case 'list':
          return {
            cmd: binary,
            args: ['s3', 'ls', '--recursive', s3url(w.bucket, w.prefix), '--endpoint-url', server.endpoint],
            env,
          };
      }
    },
  };
}

function s5cmd(binary: string, version: string, server: Server): Contender {
  const run = (...args: string[]): Command => ({
    cmd: binary,
    args: ['--endpoint-url', server.endpoint, ...args],
    env: {
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      ...awsTrust(server),
    },
  });
  return {
    name: 's5cmd',
    version,
    command(w) {
      switch (w.kind) {
        case 'upload-file':
          return run('cp', w.file, s3url(w.bucket, w.prefix + basename(w.file)));
        case 'upload-dir':
          return run('cp', `${w.dir}/*`, s3url(w.bucket, `${w.prefix}${basename(w.dir)}/`));
        case 'download-file':
          return run('cp', s3url(w.bucket, w.key), join(w.dir, basename(w.key)));
        case 'download-prefix':
          return run('cp', s3url(w.bucket, `${w.prefix}*`), `${join(w.dir, basename(w.prefix))}/`);
        case 'list':
          return run('ls', s3url(w.bucket, `${w.prefix}*`));
      }
    },
  };
}

function rclone(binary: string, version: string, server: Server, configFile: string): Contender {
  // The remote is defined in the environment so nothing is written to the user's rclone config.
  const env = {
    RCLONE_CONFIG: configFile,
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Minio',
    RCLONE_CONFIG_BENCH_ENV_AUTH: 'false',
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: server.accessKeyId,
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: server.secretAccessKey,
    RCLONE_CONFIG_BENCH_ENDPOINT: server.endpoint,
    RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
    // A machine-wide CA bundle makes rclone's AWS SDK swap its HTTP transport, which rclone's own
    // rejects; the HTTPS server's certificate is trusted through Go's SSL_CERT_FILE instead.
    AWS_CA_BUNDLE: '',
    ...(server.caFile && { SSL_CERT_FILE: server.caFile }),
  };
  const run = (...args: string[]): Command => ({ cmd: binary, args, env });
  const remote = (bucket: string, key: string): string => `bench:${bucket}/${key}`;
  return {
    name: 'rclone',
    version,
    command(w) {
      switch (w.kind) {
        case 'upload-file':
          return run('copyto', w.file, remote(w.bucket, w.prefix + basename(w.file)));
        case 'upload-dir':
          return run('copy', w.dir, remote(w.bucket, `${w.prefix}${basename(w.dir)}`));
        case 'download-file':
          return run('copyto', remote(w.bucket, w.key), join(w.dir, basename(w.key)));
        case 'download-prefix':
          return run('copy', remote(w.bucket, w.prefix), join(w.dir, basename(w.prefix)));
        case 'list':
          return run('lsf', '--files-only', remote(w.bucket, w.prefix));
      }
    },
  };
}

/** Every peer that was found, as a contender; missing ones are reported by the caller. */
export function peerContenders(peers: readonly Peer[], server: Server, rcloneConfig: string): Contender[] {
  const make = {
    aws: awsCli,
    s5cmd,
    rclone: (binary: string, version: string, s: Server) => rclone(binary, version, s, rcloneConfig),
  };
  return peers.flatMap((peer) =>
    'binary' in peer ? [make[peer.name](peer.binary, peer.version, server)] : [],
  );
}
