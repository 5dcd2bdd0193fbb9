import { spawn } from 'node:child_process';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AppFailure } from '../../shared/errors/app-error';
import type { Env } from '../profiles/read-config-files';
import { splitWords } from '../profiles/split-words';
import { parseAwsTimestamp } from './aws-timestamp';
import { readProfileSettings } from './config-files';

/**
 * `credential_process` run the way botocore's ProcessProvider runs it, from the profile as
 * Crossbucket's own reader parsed it (so `CREDENTIAL_PROCESS = …` and `credential_process: …`
 * work as in the CLI): the line split like Python's `shlex.split`, started without a shell,
 * its stdout read as `Version: 1` JSON. Unlike botocore it has a time limit, so a process
 * waiting on a prompt nobody sees cannot hang a session for ever. Messages name the profile,
 * the exit code and the process's stderr; stdout is never quoted, as it holds the keys.
 */

/** Long enough for a helper that asks for a hardware key or a browser sign-in. */
export const CREDENTIAL_PROCESS_TIMEOUT_MS = 60_000;
/** A credentials document is a few hundred bytes; more than this is not one. */
const MAX_STDOUT_BYTES = 1024 * 1024;
/** Enough of stderr to show the error; a chatty process's earlier lines are dropped. */
const MAX_STDERR_CHARS = 2000;

export interface CredentialProcessOptions {
  /** The environment the process inherits: the one the app was started with. */
  readonly env: Env;
  readonly timeoutMs?: number;
}

const failure = (profile: string, message: string, hints: readonly string[] = []): AppFailure =>
  new AppFailure('credentials-missing', `credential_process of profile "${profile}" ${message}`, {
    details: { profile, source: 'process' },
    hints: [...hints, 'Run the credential_process command in a shell to see what it does.'],
  });

interface Finished {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Output of a finished process; rejects with a worded failure when it cannot start or overruns. */
function run(
  profile: string,
  words: readonly string[],
  options: CredentialProcessOptions,
): Promise<Finished> {
  const [command = '', ...args] = words;
  const timeoutMs = options.timeoutMs ?? CREDENTIAL_PROCESS_TIMEOUT_MS;
  const env = Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined));
  // Its own process group (POSIX), so a timeout also ends whatever the command started.
  const group = process.platform !== 'win32';
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: group,
      windowsHide: true,
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let failed: AppFailure | undefined;
    const stop = (why: AppFailure) => {
      failed ??= why;
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(
      () =>
        stop(failure(profile, `did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_STDOUT_BYTES) stop(failure(profile, 'printed more than 1 MiB; it was stopped.'));
      else out.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_STDERR_CHARS);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const reason =
        err.code === 'ENOENT'
          ? `could not start: "${command}" was not found.`
          : err.code === 'EACCES'
            ? `could not start: "${command}" is not executable.`
            : `could not start "${command}": ${err.message}`;
      reject(
        failure(profile, reason, ['Use the full path of the command, as the CLI starts it without a shell.']),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failed) reject(failed);
      else resolve({ stdout: Buffer.concat(out), stderr: stderr.trim(), code, signal });
    });
  });
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The `Version: 1` document, checked as botocore checks it (and keys required to be non-empty). */
function credentialsOf(profile: string, stdout: Buffer): AwsCredentialIdentity {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.toString('utf8'));
  } catch {
    // Not even a fragment of it: a broken document may still hold a key.
    throw failure(profile, 'printed something that is not JSON (not shown here: it may hold secrets).');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw failure(profile, 'printed JSON that is not an object.');
  }
  const doc = parsed as Record<string, unknown>;
  if (doc.Version !== 1) {
    const version = 'Version' in doc ? JSON.stringify(doc.Version) : 'none';
    throw failure(profile, `printed Version ${version}; Crossbucket, like the AWS CLI, reads Version 1.`);
  }
  const missing = ['AccessKeyId', 'SecretAccessKey'].filter((key) => !nonEmpty(doc[key]));
  if (missing.length > 0) throw failure(profile, `printed no ${missing.join(' and no ')}.`);
  let expiration: Date | undefined;
  if (doc.Expiration !== undefined && doc.Expiration !== null) {
    const ms = typeof doc.Expiration === 'string' ? parseAwsTimestamp(doc.Expiration) : undefined;
    if (ms === undefined) {
      throw failure(profile, 'printed an Expiration that is not an ISO 8601 time with a zone.');
    }
    expiration = new Date(ms);
  }
  const sessionToken = nonEmpty(doc.SessionToken) ? doc.SessionToken : undefined;
  return {
    accessKeyId: doc.AccessKeyId as string,
    secretAccessKey: doc.SecretAccessKey as string,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiration ? { expiration } : {}),
  };
}

/**
 * Runs the profile's credential_process (read fresh from the files, so an edit applies at the
 * next session start or renewal) and returns its credentials. With an Expiration the session
 * counts down to it and renews by running the process again; without one they never expire.
 */
export async function credentialProcess(
  profile: string,
  options: CredentialProcessOptions,
): Promise<AwsCredentialIdentity> {
  const settings = await readProfileSettings(profile, options.env);
  const line = settings.credential_process?.trim();
  if (!line) throw failure(profile, 'is not set.', [`Add credential_process to [profile ${profile}].`]);
  const words = splitWords(line);
  if (!words || words.length === 0) {
    throw failure(profile, 'has an unbalanced quote.', ['Close the quote around the path or argument.']);
  }
  const finished = await run(profile, words, options);
  if (finished.code !== 0) {
    const how =
      finished.code === null ? `was ended by ${finished.signal}` : `exited with code ${finished.code}`;
    throw failure(profile, finished.stderr ? `${how}: ${finished.stderr}` : `${how} and printed no error.`);
  }
  return credentialsOf(profile, finished.stdout);
}
