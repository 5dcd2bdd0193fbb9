// A private moto server per caller: the AWS stand-in for integration and E2E tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface MotoOptions {
  /** Requests moto serves before it starts enforcing IAM signatures and policies. */
  noAuthActions: number;
  /**
   * Serve through tests/support/seed-keys-server.py: moto_server plus a bulk-seeding endpoint and
   * page-by-page listing in constant time (see `seedKeys` in seed-keys.ts).
   */
  bulkSeeding?: boolean;
  /**
   * Leave moto reporting every multipart upload as initiated on 2010-11-10 (its own behaviour),
   * instead of the real start time S3 gives (tests/support/moto-patches/multipart_initiated.py).
   */
  constantInitiated?: boolean;
}

export interface RecordedRequest {
  method: string;
  url: string;
  /** URL path without the query, e.g. `/prod-222-data`. */
  path: string;
  /** Query string parameters (last value wins). */
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Query parameters merged with form-encoded body parameters (how STS/IAM carry theirs). */
  params: Record<string, string>;
  /** Body as UTF-8 text (binary uploads come out garbled; use `rawBody`). */
  body: string;
  rawBody: Buffer;
  /** `Action` parameter for query-protocol services (STS, IAM). */
  action?: string;
  /** Access key id and service from the SigV4 `Authorization` header, when signed. */
  accessKeyId?: string;
  service?: string;
}

export interface MotoServer {
  endpoint: string;
  port: number;
  /** Directory holding the recording and the server log (`moto.log`); removed by `stop()`. */
  dir: string;
  /** Kills the server and its process group, waits until they are gone. Idempotent. */
  stop(): Promise<void>;
  recorded(): Promise<RecordedRequest[]>;
  clearRecording(): Promise<void>;
  /** Turn the recorder off/on, e.g. around bulk set-up that tests should not see. */
  setRecording(on: boolean): Promise<void>;
  /**
   * Let the next `count` requests through without authentication (moto's `/moto-api/reset-auth`);
   * `setNoAuthActions(0)` enforces auth again immediately.
   */
  setNoAuthActions(count: number): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');
const PATCHES_DIR = join(ROOT, 'tests/support/moto-patches');
const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 3_000;

/** Process groups of servers still running, killed synchronously if the test process exits. */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
});

function motoBinary(): string {
  const chosen = join(ROOT, '.tmp/moto-server-bin');
  if (existsSync(chosen)) {
    const path = readFileSync(chosen, 'utf8').trim();
    if (path) return path;
  }
  return 'moto_server';
}

/**
 * The seeding launcher runs on the interpreter of the chosen moto_server (a venv's or pyenv's
 * real script names it in its shebang); a shim script falls back to `python3` on PATH.
 */
function seedingLauncher(): [string, string] {
  return [motoPython(), join(ROOT, 'tests/support/seed-keys-server.py')];
}

/** The Python that runs the chosen moto_server, with moto[server]'s packages (PyYAML, cfn-lint). */
export function motoPython(): string {
  const binary = motoBinary();
  const firstLine = existsSync(binary) ? (readFileSync(binary, 'utf8').split('\n', 1)[0] ?? '') : '';
  return /^#!\s*(\S*python[\d.]*)\s*$/.exec(firstLine)?.[1] ?? 'python3';
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

export async function startMoto(opts: MotoOptions): Promise<MotoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'crossbucket-moto-'));
  let lastError: unknown;
  // Another process can grab the port between probing and binding; a fresh port fixes that.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(opts, dir, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

async function launch(opts: MotoOptions, dir: string, port: number): Promise<MotoServer> {
  const endpoint = `http://127.0.0.1:${port}`;
  const logFile = join(dir, 'moto.log');
  // moto logs every request; a file (not a pipe) means an unread pipe can never stall the server.
  const log = openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    INITIAL_NO_AUTH_ACTION_COUNT: String(opts.noAuthActions),
    MOTO_ENABLE_RECORDING: 'True',
    MOTO_RECORDER_FILEPATH: join(dir, 'recording.jsonl'),
    // Python imports sitecustomize.py from here at start-up: it fixes moto's S3 signature check.
    PYTHONPATH: [PATCHES_DIR, process.env.PYTHONPATH].filter(Boolean).join(':'),
    ...(opts.constantInitiated && { CROSSBUCKET_MOTO_CONSTANT_INITIATED: '1' }),
  };
  // MOTO_ACCOUNT_ID would override the per-request account (x-moto-account-id / access key).
  delete env.MOTO_ACCOUNT_ID;
  // The shell is a watchdog: its stdin is a pipe from this process, so when this process dies in any
  // way (even SIGKILL) `cat` sees EOF, the directory goes and `kill 0` takes down the whole group.
  const [program, ...programArgs]: [string, ...string[]] = opts.bulkSeeding
    ? seedingLauncher()
    : [motoBinary()];
  const child: ChildProcess = spawn(
    '/bin/sh',
    [
      '-c',
      'port="$1" dir="$2"; shift 2; "$0" "$@" -H 127.0.0.1 -p "$port" & cat >/dev/null; rm -rf "$dir"; kill 0',
      program,
      String(port),
      dir,
      ...programArgs,
    ],
    { detached: true, env, stdio: ['pipe', log, log] },
  );
  // The child holds its own copy of the descriptor.
  closeSync(log);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('moto: could not spawn /bin/sh');
  liveGroups.add(pgid);
  // Neither the child nor its stdin pipe should keep a finished test process alive.
  child.unref();
  const stdin = child.stdin as unknown as { unref?: () => void } | null;
  stdin?.unref?.();

  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const terminate = async (): Promise<void> => {
    killGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + STOP_GRACE_MS;
    while (groupAlive(pgid)) {
      if (Date.now() > deadline) killGroup(pgid, 'SIGKILL');
      await sleep(25);
    }
    liveGroups.delete(pgid);
  };
  const stop = async (): Promise<void> => {
    if (!liveGroups.has(pgid)) return;
    await terminate();
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    // /moto-api/config is not an AWS action, so probing does not use up the no-auth allowance.
    try {
      const response = await fetch(`${endpoint}/moto-api/config`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (exited || !groupAlive(pgid) || Date.now() > deadline) {
      // Keep the directory: a retry reuses it and the error shows the log.
      await terminate();
      throw new Error(`moto did not start on port ${port}:\n${logTail(logFile)}`);
    }
    await sleep(50);
  }

  const api = async (path: string, body?: string): Promise<string> => {
    const response = await fetch(`${endpoint}/moto-api/${path}`, { method: 'POST', body });
    const text = await response.text();
    if (!response.ok) throw new Error(`moto-api/${path}: HTTP ${response.status} ${text}`);
    return text;
  };
  // The recorder's download fails until its file exists; resetting creates it.
  await api('recorder/reset-recording');

  return {
    endpoint,
    port,
    dir,
    stop,
    recorded: async () => parseRecording(await api('recorder/download-recording')),
    clearRecording: async () => {
      await api('recorder/reset-recording');
    },
    setRecording: async (on) => {
      await api(on ? 'recorder/start-recording' : 'recorder/stop-recording');
    },
    setNoAuthActions: async (count) => {
      await api('reset-auth', String(count));
    },
  };
}

interface RecordingLine {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  body_encoded: boolean;
}

export function parseRecording(text: string): RecordedRequest[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => toRecordedRequest(JSON.parse(line) as RecordingLine));
}

function toRecordedRequest(line: RecordingLine): RecordedRequest {
  const url = new URL(line.url);
  const headers = Object.fromEntries(Object.entries(line.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const rawBody = Buffer.from(line.body ?? '', line.body_encoded ? 'base64' : 'utf8');
  const body = rawBody.toString('utf8');
  const query = Object.fromEntries(url.searchParams);
  const form = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
    ? Object.fromEntries(new URLSearchParams(body))
    : {};
  const params = { ...query, ...form };
  const credential = /Credential=([^/,\s]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? '');
  return {
    method: line.method,
    url: line.url,
    path: url.pathname,
    query,
    headers,
    params,
    body,
    rawBody,
    action: params.Action,
    accessKeyId: credential?.[1] ?? query['X-Amz-Credential']?.split('/')[0],
    service: credential?.[2],
  };
}

export interface AssumeRoleCall {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  serialNumber?: string;
  tokenCode?: string;
  durationSeconds?: number;
  /** Key that signed the call: tells which identity did the assuming (user key or earlier session). */
  accessKeyId?: string;
  params: Record<string, string>;
}

export function assumeRoleCalls(recorded: RecordedRequest[]): AssumeRoleCall[] {
  return recorded
    .filter((r) => r.action === 'AssumeRole')
    .map((r) => ({
      roleArn: r.params.RoleArn ?? '',
      roleSessionName: r.params.RoleSessionName ?? '',
      externalId: r.params.ExternalId,
      serialNumber: r.params.SerialNumber,
      tokenCode: r.params.TokenCode,
      durationSeconds: r.params.DurationSeconds === undefined ? undefined : Number(r.params.DurationSeconds),
      accessKeyId: r.accessKeyId,
      params: r.params,
    }));
}

export interface ListObjectsCall {
  prefix?: string;
  delimiter?: string;
  continuationToken?: string;
  startAfter?: string;
  maxKeys?: number;
  accessKeyId?: string;
  query: Record<string, string>;
}

/** ListObjectsV2 calls on `bucket` (path-style: `GET /bucket?list-type=2…`). */
export function listObjectsCalls(recorded: RecordedRequest[], bucket: string): ListObjectsCall[] {
  return recorded
    .filter(
      (r) =>
        r.method === 'GET' &&
        (r.path === `/${bucket}` || r.path === `/${bucket}/`) &&
        r.query['list-type'] === '2',
    )
    .map((r) => ({
      prefix: r.query.prefix,
      delimiter: r.query.delimiter,
      continuationToken: r.query['continuation-token'],
      startAfter: r.query['start-after'],
      maxKeys: r.query['max-keys'] === undefined ? undefined : Number(r.query['max-keys']),
      accessKeyId: r.accessKeyId,
      query: r.query,
    }));
}
