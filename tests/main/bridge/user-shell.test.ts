import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_HEADER } from '../../../src/main/bridge/bridge-server';
import { SHELL_LOCK_FILE } from '../../../src/main/bridge/data-folder-lock';
import { runShellProcess, type ShellProcess, startShellProcess } from '../../support/browser-shell-process';

/**
 * `npm run start:browser` (scripts/start-browser.ts) as a user runs it, in a child process with
 * only a user's environment: where its data goes, and bad input — a taken port, a config that
 * does not exist, the command run twice, wrong options.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const running: ShellProcess[] = [];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'out/bridge-client/bridge-client.js')))
    throw new Error('out/ is missing: run `npm run build` first (npm test does).');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

/** A user's home with an AWS config of one static-key profile. */
function userHome(): { home: string; env: Record<string, string | undefined> } {
  const home = mkdtempSync(join(tmpdir(), 'crossbucket-user-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), '[profile ops]\nregion = eu-west-1\n');
  writeFileSync(
    join(home, '.aws', 'credentials'),
    '[ops]\naws_access_key_id = AKIAOPS\naws_secret_access_key = ops-secret-never-in-a-page\n',
  );
  return { home, env: { PATH: process.env.PATH, HOME: home } };
}

async function start(env: Record<string, string | undefined>, args: string[] = ['--port', '0']) {
  const shell = await startShellProcess(env, args);
  running.push(shell);
  return shell;
}

/** Raw HTTP, because fetch() will not let a test forge Origin. */
function call(
  shell: Pick<ShellProcess, 'origin'>,
  name: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const url = new URL(`/__crossbucket/api/request/${name}`, shell.origin);
  return new Promise((done, failed) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', failed);
    req.end('{}');
  });
}

const profilesOf = async (shell: ShellProcess) => {
  const res = await call(shell, 'listProfiles', { [TOKEN_HEADER]: shell.token });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body) as { value: { profiles: { name: string }[]; configFile: string } }).value;
};

describe('npm run start:browser', () => {
  it("serves the user's own profiles from Electron's data folder, and cleans up when stopped", async () => {
    const { home, env } = userHome();
    const shell = await start({ ...env, AWS_PROFILE: 'ops' });
    expect(shell.output()).toContain(`AWS config:       ${join(home, '.aws', 'config')}\n`);
    expect(shell.output()).toContain('AWS_PROFILE:      ops');
    const dataDir = join(home, '.config', 'crossbucket');
    expect(shell.output()).toContain(`Data folder:      ${dataDir} (settings, bookmarks, transfer journal`);
    for (const difference of ['File dialogs:', 'Clipboard:', 'Drag-out:', 'Sign-in pages'])
      expect(shell.output()).toContain(difference);
    expect((await profilesOf(shell)).profiles.map((p) => p.name)).toEqual(['ops']);
    // What the page gets about the profile names it, never its secret.
    const attached = await call(shell, 'attach', { [TOKEN_HEADER]: shell.token });
    expect(attached.body).toContain('"ops"');
    expect(attached.body).not.toContain('ops-secret-never-in-a-page');
    expect(readFileSync(join(dataDir, SHELL_LOCK_FILE), 'utf8').trim()).toMatch(/^\d+$/);

    expect(await shell.stop()).toBe(0);
    expect(existsSync(join(dataDir, SHELL_LOCK_FILE))).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')(
    'honours XDG_CONFIG_HOME for the data folder, as Electron does on Linux',
    async () => {
      const { home, env } = userHome();
      const xdg = join(home, 'xdg');
      const shell = await start({ ...env, XDG_CONFIG_HOME: xdg });
      expect(shell.output()).toContain(`Data folder:      ${join(xdg, 'crossbucket')} (`);
    },
  );

  it('opens on a config file that does not exist, and says so', async () => {
    const { home, env } = userHome();
    const missing = join(home, 'nowhere', 'config');
    const shell = await start({ ...env, AWS_CONFIG_FILE: missing });
    expect(shell.output()).toContain(`AWS config:       ${missing} (does not exist: no profiles from it`);
    const snapshot = await profilesOf(shell);
    expect(snapshot.configFile).toBe(missing);
    // The credentials file still counts, as for the CLI.
    expect(snapshot.profiles.map((p) => p.name)).toEqual(['ops']);
  });

  it('moves to another port when the one asked for is taken, and says which', async () => {
    const { env } = userHome();
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const shell = await start(env, ['--port', String(taken)]);
      const port = Number(new URL(shell.origin).port);
      expect(port).not.toBe(taken);
      expect(shell.output()).toContain(
        `Port ${taken} is in use (another browser shell?); listening on port ${port} instead.`,
      );
      expect((await profilesOf(shell)).profiles).toHaveLength(1);
    } finally {
      blocker.close();
    }
  });

  it('run twice: two shells, two tokens, neither can drive the other, and only one has the data folder', async () => {
    const { home, env } = userHome();
    const first = await start(env);
    const second = await start(env);
    expect(second.token).not.toBe(first.token);
    expect(second.origin).not.toBe(first.origin);

    // Each answers its own page…
    expect((await call(first, 'listProfiles', { [TOKEN_HEADER]: first.token })).status).toBe(200);
    expect((await call(second, 'listProfiles', { [TOKEN_HEADER]: second.token })).status).toBe(200);
    // …and refuses the other's token, and the other's page even with its own token.
    for (const [target, other] of [
      [first, second],
      [second, first],
    ] as const) {
      expect(await call(target, 'listProfiles', { [TOKEN_HEADER]: other.token })).toMatchObject({
        status: 403,
        body: expect.stringContaining('bad token'),
      });
      expect(
        await call(target, 'listProfiles', { [TOKEN_HEADER]: target.token, origin: other.origin }),
      ).toMatchObject({ status: 403, body: expect.stringContaining('foreign origin') });
    }

    // The second keeps its data apart, so neither resumes the other's transfers.
    const appData = join(home, '.config', 'crossbucket');
    const pid = readFileSync(join(appData, SHELL_LOCK_FILE), 'utf8').trim();
    expect(first.child.pid).toBeDefined();
    expect(second.output()).toContain(`${appData} is in use by`);
    expect(second.output()).toContain(`another browser shell (pid ${pid})`);
    const temporary = /Data folder: {6}(\S+), for this run only/.exec(second.output())?.[1];
    expect(temporary).toBeDefined();
    expect(existsSync(temporary!)).toBe(true);
    expect(await second.stop()).toBe(0);
    expect(existsSync(temporary!)).toBe(false);
    // The first still has its lock.
    expect(readdirSync(appData)).toContain(SHELL_LOCK_FILE);
  });

  it('refuses bad options with a message and exit status 2', async () => {
    const { home, env } = userHome();
    const badPort = await runShellProcess(env, ['--port', 'http']);
    expect(badPort.status).toBe(2);
    expect(badPort.output).toBe(
      'npm run start:browser: --port must be a number from 0 (any free port) to 65535, not "http".\n',
    );
    const noFolder = await runShellProcess(env, ['--drop-folder', join(home, 'nope')]);
    expect(noFolder.status).toBe(2);
    expect(noFolder.output).toBe(
      `npm run start:browser: --drop-folder ${join(home, 'nope')} is not a folder.\n`,
    );
    const unknown = await runShellProcess(env, ['--electron']);
    expect(unknown.status).toBe(2);
    expect(unknown.output).toContain("Unknown option '--electron'");
  });
});
