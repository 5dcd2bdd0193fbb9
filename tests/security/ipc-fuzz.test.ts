import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServices, createServices } from '../../src/main/app/create-services';
import { browserPlatform } from '../../src/main/bridge/browser-platform';
import { createDispatcher, createDropDispatcher, type Dispatch } from '../../src/main/ipc/dispatcher';
import { type RequestName, requestNames } from '../../src/shared/ipc/channels';
import { errorCodes, type Result } from '../../src/shared/models/errors';

// Everything a compromised renderer can send is (name, input). This drives the REAL services
// behind the real dispatcher with hostile inputs, for every request in the contract.

const ONE_MB = 'A'.repeat(1024 * 1024);
const SECRET = 'fuzzSecretKeyThatMustNeverAppear0123456789';
const ACCESS_KEY = 'AKIAFUZZFUZZFUZZFUZZ';

function deeplyNested(levels: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Built with JSON.parse so `__proto__` is an own property, as it is after IPC or HTTP decoding. */
const protoBombs: readonly unknown[] = [
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"prototype": {"polluted": "yes"}, "__proto__": [1, 2]}'),
  JSON.parse('{"patch": {"__proto__": {"polluted": "yes"}, "sessionColors": {"__proto__": "#ffffff"}}}'),
  JSON.parse('{"role": {"__proto__": {"polluted": "yes"}}, "remember": true}'),
  JSON.parse('[{"__proto__": {"polluted": "yes"}}]'),
];

const adversarialStrings: readonly string[] = [
  '',
  ONE_MB,
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '../../../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\System32\\config\\SAM',
  '\\\\evil.example\\share\\x',
  'a\u0000b',
  '\uD800',
  '\u202Egnp.exe',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ 🪣 é e\u0301 ﷽',
  '%00%2e%2e%2f',
  "'; rm -rf ~; '",
  '$(touch /tmp/crossbucket-pwned)',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'https://user:pass@evil.example/',
  'http://169.254.169.254/latest/meta-data/',
  'https://example.com/',
  '123456',
  '#ffffff',
];

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    [],
    {},
    deeplyNested(10_000, false),
    deeplyNested(10_000, true),
    ...protoBombs,
  ),
  fc.constantFrom(...adversarialStrings),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.constantFrom(...adversarialStrings), { maxLength: 5 }),
  fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true, withSparseArray: true }),
);

/** A valid input per request: mutating its leaves reaches the services, not only the schema. */
function templates(dir: string): Readonly<Record<RequestName, unknown>> {
  const sessionId = 'session-that-does-not-exist';
  const selection = { sessionId, bucket: 'some-bucket', keys: ['a.txt'], prefixes: ['logs/'] };
  return {
    getAppInfo: {},
    attach: {},
    listProfiles: {},
    reloadProfiles: {},
    listSessions: {},
    openSession: { profile: 'dev' },
    openAdhocSession: {
      role: { sourceProfile: 'dev', accountId: '222222222222', roleName: 'deploy', externalId: 'ext-1' },
      remember: true,
    },
    renewSession: { sessionId },
    closeSession: { sessionId },
    copySessionExports: { sessionId, confirmed: true },
    listRecentRoles: {},
    forgetRecentRole: { index: 0 },
    answerMfa: { promptId: 'prompt-1', code: '123456' },
    cancelMfa: { promptId: 'prompt-1' },
    listBuckets: { sessionId },
    listObjects: { sessionId, bucket: 'some-bucket', prefix: '', startsWith: 'a' },
    cancelListing: { listingId: 'listing-1' },
    headObject: { sessionId, bucket: 'some-bucket', key: 'a.txt', versionId: 'v1' },
    listVersions: { sessionId, bucket: 'some-bucket', key: 'a.txt' },
    createFolder: { sessionId, bucket: 'some-bucket', prefix: 'x/', name: 'new' },
    countSelection: selection,
    deleteObjects: selection,
    copyObjects: {
      ...selection,
      targetBucket: 'other-bucket',
      targetPrefix: 'to/',
      move: true,
      newName: 'b',
    },
    presignObject: { sessionId, bucket: 'some-bucket', key: 'a.txt', expiresInSeconds: 60 },
    uploadPaths: { sessionId, bucket: 'some-bucket', prefix: '', paths: [join(dir, 'upload.txt')] },
    downloadObjects: { ...selection, targetDir: join(dir, 'downloads') },
    copyAcrossSessions: { from: selection, to: { sessionId, bucket: 'other-bucket', prefix: '' } },
    listTransfers: {},
    pauseTransfers: { ids: ['t-1'] },
    resumeTransfers: {},
    cancelTransfers: { ids: ['t-1'] },
    retryTransfers: { ids: ['t-1'] },
    clearFinishedTransfers: {},
    resolveConflict: { conflictId: 'c-1', choice: 'keep-both', applyToAll: false },
    pickUploadPaths: { kind: 'folder' },
    pickDirectory: { title: 'Pick' },
    getSettings: {},
    updateSettings: { patch: { theme: 'dark', parallelFiles: 4, sessionColors: { dev: '#123456' } } },
    openExternal: { url: 'https://example.com/' },
    explainAccess: {
      sessionId,
      denial: {
        form: 'enriched',
        principal: 'arn:aws:iam::111111111111:user/dev',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::some-bucket/a.txt',
        policyType: 'resource-based',
        explicit: false,
        raw: 'Access Denied',
      },
      scopePrefix: 'logs/',
    },
    copyAccessStatement: { explanationId: 'explanation-1', statementId: '0-identity', format: 'yaml' },
    checkAccess: { sessionId, bucket: 'some-bucket', prefix: 'logs/', key: 'logs/a.txt' },
    previewObject: {
      requestId: 'preview-1',
      sessionId,
      bucket: 'some-bucket',
      key: 'a.txt',
      offset: 0,
      mode: 'auto',
      gunzip: false,
    },
    cancelPreview: { requestId: 'preview-1' },
    editObjects: {
      ...selection,
      headers: { contentType: 'text/plain', cacheControl: null },
      metadata: { set: { owner: 'me' }, remove: ['old'], replaceAll: false },
      tags: { set: { team: 'data' }, remove: [], replaceAll: true },
      storageClass: 'STANDARD_IA',
    },
    restoreObjects: { ...selection, days: 3, tier: 'Bulk' },
    listDeletedObjects: { sessionId, bucket: 'some-bucket', prefix: 'logs/' },
    restoreVersion: { sessionId, bucket: 'some-bucket', key: 'a.txt', versionId: 'v1' },
    deleteVersion: { sessionId, bucket: 'some-bucket', key: 'a.txt', versionId: 'v1', confirmed: true },
    undeleteObjects: { sessionId, bucket: 'some-bucket', keys: ['a.txt'] },
    resolveKey: { sessionId, bucket: 'some-bucket', key: 'a.txt' },
    locationFacts: { sessionId, bucket: 'some-bucket' },
    listBookmarks: {},
    addBookmark: {
      sessionId,
      name: 'Reports',
      bucket: 'some-bucket',
      prefix: 'reports/',
      key: 'reports/a.csv',
    },
    renameBookmark: { id: 'bookmark-1', name: 'Renamed' },
    moveBookmark: { id: 'bookmark-1', toIndex: 0 },
    deleteBookmark: { id: 'bookmark-1' },
    exportBookmarks: {},
    importBookmarks: {},
    takeLinks: {},
    openConsole: { sessionId, bucket: 'some-bucket', key: 'logs/' },
    prepareDragOut: selection,
    startDragOut: { dragId: 'drag-1' },
    listSso: {},
    signInSso: { loginId: 'corp' },
    cancelSsoSignIn: { loginId: 'corp' },
    reopenSsoSignIn: { loginId: 'corp' },
    signOutSso: { loginId: 'corp' },
    refreshSsoDirectory: { loginId: 'corp' },
    openSsoRole: { loginId: 'corp', accountId: '222222222222', roleName: 'ReadOnly' },
    copySsoProfileBlock: {
      loginId: 'corp',
      accountId: '222222222222',
      roleName: 'ReadOnly',
      profileName: 'x',
    },
    listIncompleteUploads: { sessionId, bucket: 'some-bucket' },
    abortIncompleteUploads: {
      sessionId,
      bucket: 'some-bucket',
      uploads: [{ key: 'a.bin', uploadId: 'u-1' }],
    },
    abortIncompleteUploadsOlderThan: { sessionId, bucket: 'some-bucket', days: 7 },
    incompleteUploadsRule: { sessionId, bucket: 'some-bucket', days: 7 },
    startStorageSummary: {
      sessionId,
      bucket: 'some-bucket',
      prefix: 'logs/',
      selection: { keys: ['logs/a.txt'], prefixes: ['logs/2024/'] },
      versions: true,
    },
    cancelStorageSummary: { summaryId: 'summary-1' },
    listStorageSummaries: { sessionId },
    storageLifecycleRule: { sessionId, bucket: 'some-bucket', prefix: 'logs/', kind: 'to-standard-ia' },
    inventoryStatus: { sessionId, bucket: 'some-bucket' },
    summariseFromInventory: { sessionId, bucket: 'some-bucket', prefix: '', configurationId: 'daily' },
    configureInventory: {
      sessionId,
      bucket: 'some-bucket',
      destinationBucket: 'inventory-bucket',
      destinationPrefix: 'reports/',
    },
    startCompare: {
      left: { kind: 's3', sessionId, bucket: 'some-bucket', prefix: 'a/' },
      right: { kind: 'local', path: join(dir, 'compare') },
      mode: 'content',
    },
    cancelCompare: { compareId: 'compare-1' },
    deepCheck: { compareId: 'compare-1', keys: ['a.txt'] },
    compareRows: { compareId: 'compare-1', statuses: ['different'], text: '', offset: 0, limit: 100 },
    planSync: { compareId: 'compare-1', deleteExtra: true, overwriteUndecided: false },
    runSync: { planId: 'plan-1', confirmAccount: '222222222222' },
    syncReport: { planId: 'plan-1' },
    saveSyncReport: { planId: 'plan-1', format: 'csv' },
    listSyncReports: {},
    handToBatchOperations: {
      planId: 'plan-1',
      jobSide: 'source',
      manifestBucket: 'other-bucket',
      manifestPrefix: 'batch/',
    },
    batchPrepareSelection: {
      from: { ...selection, prefix: '' },
      to: { sessionId, bucket: 'other-bucket', prefix: 'backup/' },
      jobSide: 'target',
      manifestBucket: 'other-bucket',
      manifestPrefix: 'batch/',
    },
    batchCreateJob: { proposalId: 'proposal-that-does-not-exist', confirmationRequired: true },
    batchListJobs: {},
    batchUpdateJob: { jobId: 'job-that-does-not-exist', action: 'cancel' },
    batchForgetJob: { jobId: 'job-that-does-not-exist' },
  };
}

/**
 * Walking a real folder is what uploadPaths is for (the user picked it), so a random string
 * that happens to name one (".", "..") would only make the run slow; those become a file.
 */
const notAFolder =
  (fallback: string) =>
  (value: unknown): unknown =>
    typeof value === 'string' && existsSync(resolve(value)) && statSync(resolve(value)).isDirectory()
      ? fallback
      : value;

/**
 * Each leaf of the template is mostly kept and sometimes replaced by a hostile value, and now
 * and then a key is added, so that many inputs pass the schema and reach a service.
 */
function mutated(template: unknown, safeString: (v: unknown) => unknown): fc.Arbitrary<unknown> {
  const leaf = (value: unknown): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 8, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: hostile }).map(safeString);
  const walk = (value: unknown): fc.Arbitrary<unknown> => {
    if (Array.isArray(value)) {
      return fc.oneof(
        fc.tuple(...value.map(walk)),
        hostile.map(safeString),
        fc.array(hostile.map(safeString)),
      );
    }
    if (typeof value === 'object' && value !== null) {
      const fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
      return fc
        .tuple(
          fc.record(fields),
          fc.oneof(
            { weight: 6, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...adversarialStrings), hostile) },
          ),
        )
        .map(([record, extra]) => (extra ? { ...record, [extra[0]]: extra[1] } : record));
    }
    return leaf(value);
  };
  return walk(template);
}

const STACK_TRACE = /\n\s+at\s|\bat .+:\d+:\d+\)?|node:internal|\.(?:ts|js|cjs|mjs):\d+/;

function expectTypedResult(result: Result<unknown>): void {
  // Results cross IPC by structured clone or JSON: they must be plain data.
  expect(() => JSON.stringify(result)).not.toThrow();
  if (result.ok) return;
  expect(errorCodes).toContain(result.error.code);
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message).not.toMatch(STACK_TRACE);
  for (const value of Object.values(result.error.details ?? {})) {
    expect(typeof value).toBe('string');
    expect(value).not.toMatch(STACK_TRACE);
  }
  const text = JSON.stringify(result);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(ACCESS_KEY);
}

/** A 127.0.0.1 port nothing listens on: any AWS call that gets through is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

let dir: string;
let services: AppServices;
let dispatch: Dispatch;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const internalErrors: unknown[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  dir = mkdtempSync(join(tmpdir(), 'crossbucket-ipc-fuzz-'));
  const port = await closedPort();
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'downloads'));
  writeFileSync(join(dir, 'upload.txt'), 'hello');
  writeFileSync(
    join(dir, 'config'),
    `[profile dev]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:${port}\n`,
  );
  writeFileSync(
    join(dir, 'credentials'),
    `[dev]\naws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET}\n`,
  );
  services = await createServices({
    env: {
      HOME: dir,
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    },
    platform: browserPlatform({
      dataDir: join(dir, 'data'),
      version: '0.0.0-fuzz',
      dialogs: { uploadPaths: () => [join(dir, 'upload.txt')], directory: () => join(dir, 'downloads') },
    }),
  });
  dispatch = createDispatcher(services.handlers, (err) => internalErrors.push(err));
  // The user picked these, so the templates' paths get past the path check to the services.
  await dispatch('pickUploadPaths', { kind: 'files' });
  await dispatch('pickDirectory', {});
});

afterAll(async () => {
  await services?.dispose();
  process.off('unhandledRejection', onUnhandled);
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile IPC input against the real services', () => {
  it.each(requestNames)('%s: always a typed result, never a throw or a stack trace', async (name) => {
    const template = templates(dir)[name];
    const safe = name === 'uploadPaths' ? notAFolder(join(dir, 'upload.txt')) : (v: unknown) => v;
    const input = fc.oneof(
      { weight: 1, arbitrary: hostile },
      { weight: 2, arbitrary: mutated(template, safe) },
      { weight: 1, arbitrary: fc.constantFrom(...protoBombs) },
    );
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const result = await dispatch(name, value);
        expectTypedResult(result);
      }),
      { numRuns: 150 },
    );
  });

  it('the drop-only channel: always a typed result, never a throw or a stack trace', async () => {
    const drop = createDropDispatcher((paths) => services.grantDropped(paths));
    const input = fc.oneof(
      hostile,
      mutated({ paths: [join(dir, 'upload.txt')] }, notAFolder(join(dir, 'upload.txt'))),
      fc.constantFrom(...protoBombs),
    );
    await fc.assert(
      fc.asyncProperty(input, async (value) => expectTypedResult(await drop(value))),
      { numRuns: 150 },
    );
  });

  it('answers unknown and prototype request names with a validation error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', ONE_MB),
        ),
        hostile,
        async (name, value) => {
          fc.pre(!(requestNames as readonly string[]).includes(name));
          const result = await dispatch(name, value);
          expect(result).toEqual({ ok: false, error: { code: 'validation', message: 'Unknown request.' } });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a call that gets through to the closed endpoint fails fast with a network error', async () => {
    const started = Date.now();
    const result = await dispatch('openSession', { profile: 'dev' });
    expect(result).toMatchObject({ ok: false, error: { code: 'network' } });
    expectTypedResult(result);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('left no pollution of the built-in prototypes, and no unhandled rejection', async () => {
    // Work started by a request (listings, transfers) settles after its result: give it a moment.
    await new Promise((done) => setTimeout(done, 500));
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(Object.keys(Array.prototype)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
    expect(unhandled).toEqual([]);
  });
});
