/**
 * What `npm start` and `npm run dev` say when Electron's binary is missing, instead of
 * electron-vite's "Error: Electron uninstall" and its stack. The settings named here are the
 * ones Electron's installer (`node_modules/electron/install.js`, through @electron/get 2.x)
 * reads, in the words of Electron's "Advanced Installation Instructions".
 */
export interface MissingElectron {
  /** Why the binary was not found (from findElectronBinary). */
  readonly reason: string;
  /** The electron package's version, when the package itself is installed. */
  readonly version?: string;
  /** The npm script that was asked for: `start` or `dev`. */
  readonly script: string;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
}

const INSTALL_DOCS = 'https://www.electronjs.org/docs/latest/tutorial/installation';

export function electronMissingMessage(missing: MissingElectron): string {
  const { reason, version, script, platform, arch } = missing;
  const command = script === 'start' ? 'npm start' : `npm run ${script}`;
  const retry = version
    ? [
        `Download it again (Electron ${version}: electron-v${version}-${platform}-${arch}.zip, about 100 MB):`,
        '',
        '  node node_modules/electron/install.js',
        '',
        'with the settings Electron’s installer honours, as your network needs them:',
        '  - behind a proxy: ELECTRON_GET_USE_PROXY=1 together with HTTPS_PROXY (and NO_PROXY),',
        '    or GLOBAL_AGENT_HTTPS_PROXY;',
        '  - from a mirror: ELECTRON_MIRROR=<base URL>, with ELECTRON_CUSTOM_DIR (default v{{ version }})',
        '    and ELECTRON_CUSTOM_FILENAME when the mirror lays files out differently;',
        '  - from a zip you already have: electron_config_cache=<folder> names the cache the installer',
        '    reads before it downloads;',
        '  - ELECTRON_SKIP_BINARY_DOWNLOAD must be unset: while it is set the installer does nothing.',
        `(${INSTALL_DOCS})`,
      ]
    : ['Install the npm packages first:', '', '  npm install'];
  return [
    "Crossbucket cannot open: Electron's binary is missing.",
    `  ${reason}`,
    '',
    `${command} runs Crossbucket in Electron, whose binary is not an npm package: Electron's`,
    'installer downloads it from GitHub during `npm install`. That download fails behind a',
    'corporate proxy and on an offline or internal npm mirror, and is skipped where',
    'ELECTRON_SKIP_BINARY_DOWNLOAD is set (CI runners; `npm test` where GitHub is unreachable).',
    '',
    ...retry,
    '',
    'Or open Crossbucket in your browser now, on the same AWS configuration:',
    '',
    '  npm run start:browser',
    '',
  ].join('\n');
}
