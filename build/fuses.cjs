// The Electron fuses every packaged Crossbucket binary ships with. Fuses are bits inside
// the Electron executable itself, so they hold even if someone runs the app with extra
// flags or environment variables, which webPreferences alone cannot stop.
// https://www.electronjs.org/docs/latest/tutorial/fuses
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** Fuse name → value, by the names Electron's documentation uses. */
const FUSES = Object.freeze({
  // `ELECTRON_RUN_AS_NODE=1 Crossbucket` would otherwise be a signed Node.js interpreter.
  RunAsNode: false,
  // NODE_OPTIONS could preload arbitrary code into main, which holds every credential.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect would let a local process attach a debugger to main and read secrets from memory.
  EnableNodeCliInspectArguments: false,
  // Refuse an unpacked app folder placed next to the binary: only the shipped asar runs.
  OnlyLoadAppFromAsar: true,
  // The asar is checked against the hash embedded at build time (macOS and Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Cookies on disk are encrypted with an OS-protected key.
  EnableCookieEncryption: true,
  // The page comes from the app's own crossbucket:// scheme; no file:// page needs the extra
  // privileges (reading any local file by URL) Electron grants file:// by default.
  GrantFileProtocolExtraPrivileges: false,
});

/**
 * The configuration `flipFuses` takes. On macOS flipping fuses breaks the ad-hoc signature
 * Apple Silicon requires to launch at all, so it is reset there (a real signature follows).
 */
function fuseConfig(platformName, archName) {
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(FUSES)) config[FuseV1Options[name]] = value;
  if (platformName === 'darwin' || platformName === 'mas')
    config.resetAdHocDarwinSignature = archName === 'arm64';
  return config;
}

module.exports = { FUSES, fuseConfig };
