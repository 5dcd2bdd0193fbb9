import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../../src/main/app/create-services';
import { type BrowserPlatform, browserPlatform } from '../../../src/main/bridge/browser-platform';
import { createDispatcher, createDropDispatcher, type Dispatch } from '../../../src/main/ipc/dispatcher';
import type { Result } from '../../../src/shared/models/errors';

/**
 * Every request that names a local path, driven through the real dispatcher and services as a
 * script in the renderer would drive them: a path main never handed out is refused before a
 * file is read or written, and one it handed out (dialog, drop) gets through.
 */
let dir: string;
let home: string;
let desktop: string;
let services: AppServices;
let dispatch: Dispatch;
let platform: BrowserPlatform;
const dialogs: {
  uploadPaths: string[];
  directory: string | null;
  saveFile: string | null;
  openFile: string | null;
} = { uploadPaths: [], directory: null, saveFile: null, openFile: null };
const SESSION = 'no-such-session';

const errorOf = (result: Result<unknown>) => (result.ok ? undefined : result.error);
/** Past the path check, the request fails on the session that does not exist. */
const passedTheGate = (result: Result<unknown>) => expect(errorOf(result)?.code).toBe('not-found');
const refused = (result: Result<unknown>) => expect(errorOf(result)?.code).toBe('unauthorized');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crossbucket-file-handlers-'));
  home = join(dir, 'home');
  desktop = join(dir, 'desktop');
  mkdirSync(join(home, '.aws'), { recursive: true });
  mkdirSync(join(desktop, 'photos'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIAEXAMPLE\n');
  writeFileSync(join(desktop, 'photos', 'a.jpg'), 'jpg');
  writeFileSync(join(desktop, 'report.pdf'), 'pdf');
  symlinkSync(join(home, '.aws'), join(desktop, 'photos', 'aws'));
  platform = browserPlatform({
    dataDir: join(dir, 'data'),
    version: '0.0.0-test',
    dialogs: {
      uploadPaths: () => dialogs.uploadPaths,
      directory: () => dialogs.directory,
      saveFile: () => dialogs.saveFile,
      openFile: () => dialogs.openFile,
    },
  });
  services = await createServices({
    env: { HOME: home, AWS_CONFIG_FILE: join(home, '.aws', 'config') },
    platform,
  });
  dispatch = createDispatcher(services.handlers);
});

beforeEach(() => {
  dialogs.uploadPaths = [];
  dialogs.directory = null;
  dialogs.saveFile = null;
  dialogs.openFile = null;
});

afterAll(async () => {
  await services?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const upload = (paths: string[]) =>
  dispatch('uploadPaths', { sessionId: SESSION, bucket: 'bucket', prefix: '', paths });
const download = (targetDir: string) =>
  dispatch('downloadObjects', {
    sessionId: SESSION,
    bucket: 'bucket',
    keys: ['a.txt'],
    prefixes: [],
    targetDir,
  });
const queued = async () => {
  const snapshot = await dispatch('listTransfers', {});
  return snapshot.ok ? (snapshot.value as { items: unknown[] }).items.length : -1;
};

describe('uploadPaths', () => {
  it('refuses a path the page names on its own, such as ~/.aws/credentials, and queues nothing', async () => {
    const result = await upload([join(home, '.aws', 'credentials')]);
    refused(result);
    expect(errorOf(result)?.message).toMatch(/not chosen in a file dialog or dropped/);
    expect(await queued()).toBe(0);
  });

  it("accepts what main's file dialog returned, and refuses its neighbours", async () => {
    dialogs.uploadPaths = [join(desktop, 'report.pdf')];
    const picked = await dispatch('pickUploadPaths', { kind: 'files' });
    expect(picked).toEqual({ ok: true, value: [join(desktop, 'report.pdf')] });
    passedTheGate(await upload([join(desktop, 'report.pdf')]));
    refused(await upload([join(desktop, 'report.pdf'), join(home, '.aws', 'credentials')]));
  });

  it('a dropped folder grants its tree, but neither `..` nor a link inside it leads out', async () => {
    const drop = createDropDispatcher((paths) => services.grantDropped(paths));
    expect(await drop({ paths: [join(desktop, 'photos')] })).toEqual({
      ok: true,
      value: [join(desktop, 'photos')],
    });
    passedTheGate(await upload([join(desktop, 'photos', 'a.jpg')]));
    refused(await upload([join(desktop, 'photos', '..', '..', 'home', '.aws', 'credentials')]));
    refused(await upload([join(desktop, 'photos', 'aws', 'credentials')]));
  });

  it('the drop channel validates its input like any request', async () => {
    const drop = createDropDispatcher((paths) => services.grantDropped(paths));
    for (const bad of [
      undefined,
      {},
      { paths: [] },
      { paths: [''] },
      { paths: [1] },
      { paths: ['/a'], extra: 1 },
    ]) {
      expect(await drop(bad)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
  });
});

describe('downloadObjects', () => {
  it('refuses a target folder the user never picked', async () => {
    refused(await download(join(home, '.aws')));
    refused(await download(join(dir, 'anywhere')));
    expect(await queued()).toBe(0);
  });

  it("accepts the folder main's dialog returned, and folders inside it", async () => {
    dialogs.directory = join(desktop, 'downloads');
    mkdirSync(dialogs.directory, { recursive: true });
    expect(await dispatch('pickDirectory', { title: 'Download to' })).toEqual({
      ok: true,
      value: dialogs.directory,
    });
    passedTheGate(await download(dialogs.directory));
    passedTheGate(await download(join(dialogs.directory, 'nested')));
  });

  it('without a target, writes to the download folder of the settings', async () => {
    passedTheGate(
      await dispatch('downloadObjects', {
        sessionId: SESSION,
        bucket: 'bucket',
        keys: ['a.txt'],
        prefixes: [],
      }),
    );
  });
});

describe('updateSettings', () => {
  it("moves the download folder only to a folder main's dialog returned", async () => {
    const before = await dispatch('getSettings', {});
    refused(await dispatch('updateSettings', { patch: { downloadDir: join(home, '.aws') } }));
    expect(await dispatch('getSettings', {})).toEqual(before);

    dialogs.directory = join(desktop, 'inbox');
    mkdirSync(dialogs.directory);
    await dispatch('pickDirectory', {});
    const saved = await dispatch('updateSettings', { patch: { downloadDir: dialogs.directory } });
    expect(saved).toMatchObject({ ok: true, value: { downloadDir: dialogs.directory } });
    const file = JSON.parse(readFileSync(join(dir, 'data', 'settings.json'), 'utf8')) as {
      downloadDir: string;
    };
    expect(file.downloadDir).toBe(dialogs.directory);
    // Saving the settings sends the folder back unchanged: that needs no new pick.
    expect(
      await dispatch('updateSettings', { patch: { downloadDir: dialogs.directory, theme: 'dark' } }),
    ).toMatchObject({
      ok: true,
    });
    // And a download into it needs no target at all, or may name it.
    passedTheGate(await download(join(dialogs.directory, 'sub')));
  });
});

describe('resolveConflict', () => {
  it('refuses a conflict main did not raise', async () => {
    const result = await dispatch('resolveConflict', {
      conflictId: 'made-up',
      choice: 'overwrite',
      applyToAll: true,
    });
    expect(errorOf(result)?.code).toBe('not-found');
  });
});

// The requests the later features added: none takes a path from the page.
describe('bookmark export and import', () => {
  const credentials = () => join(home, '.aws', 'credentials');

  it('take no path from the page: one named is refused before a file is touched', async () => {
    const before = readFileSync(credentials(), 'utf8');
    expect(errorOf(await dispatch('exportBookmarks', { path: credentials() } as never))?.code).toBe(
      'validation',
    );
    expect(errorOf(await dispatch('importBookmarks', { path: credentials() } as never))?.code).toBe(
      'validation',
    );
    expect(readFileSync(credentials(), 'utf8')).toBe(before);
  });

  it("write and read only the file main's own dialog returned", async () => {
    dialogs.saveFile = join(desktop, 'bookmarks.json');
    const exported = await dispatch('exportBookmarks', {});
    expect(exported).toMatchObject({ ok: true, value: { path: dialogs.saveFile } });
    expect(JSON.parse(readFileSync(dialogs.saveFile, 'utf8'))).toHaveProperty('bookmarks');
    dialogs.openFile = credentials();
    // Even the dialog's answer is only read as bookmarks: the credentials file is not one.
    expect(errorOf(await dispatch('importBookmarks', {}))?.message).toMatch(/was not imported/);
  });
});

describe('drag-out', () => {
  it('takes no target folder from the page and hands the OS only what main prepared', async () => {
    const selection = { sessionId: SESSION, bucket: 'bucket', keys: ['a.txt'], prefixes: [] };
    expect(
      errorOf(await dispatch('prepareDragOut', { ...selection, targetDir: desktop } as never))?.code,
    ).toBe('validation');
    expect(errorOf(await dispatch('startDragOut', { dragId: 'made-up' }))?.code).toBe('not-found');
    expect(platform.dragsStarted()).toEqual([]);
  });
});

describe('IAM Identity Center', () => {
  it('names sign-ins, never cache files: a path as a sign-in is not found and writes nothing', async () => {
    for (const loginId of ['../../.aws/credentials', join(home, '.aws', 'credentials')]) {
      expect(errorOf(await dispatch('signInSso', { loginId }))?.code).toBe('not-found');
      expect(errorOf(await dispatch('signOutSso', { loginId }))?.code).toBe('not-found');
    }
    expect(existsSync(join(home, '.aws', 'sso'))).toBe(false);
  });
});

describe('compare and sync', () => {
  it('compares only a local folder main handed out, and saves a report only where its dialog said', async () => {
    const aws = join(home, '.aws');
    const refused = await dispatch('startCompare', {
      left: { kind: 'local', path: aws },
      right: { kind: 's3', sessionId: SESSION, bucket: 'bucket', prefix: '' },
      mode: 'content',
    });
    expect(errorOf(refused)).toMatchObject({
      code: 'unauthorized',
      message: `Refused to compare ${aws}: it was not chosen in a dialog or dropped on the window.`,
    });
    expect(
      errorOf(await dispatch('saveSyncReport', { planId: 'p', format: 'csv', path: join(aws, 'x') } as never))
        ?.code,
    ).toBe('validation');
  });
});
