// electron-builder's afterPack hook: flips the fuses of the packaged Electron binary.
// It runs before electron-builder signs the app, so the signature covers the flipped bits.
const { join } = require('node:path');
const { flipFuses } = require('@electron/fuses');
const { fuseConfig } = require('./fuses.cjs');

/** electron-builder's Arch enum, by index. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** Where the Electron executable sits inside the packaged app folder. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  // Linux packagers name the binary after the executableName option (lower-case by default).
  return join(appOutDir, packager.executableName ?? name);
}

/** `flip` is a parameter so the tests can see what would be flipped without a packaged binary. */
async function afterPack(context, flip = flipFuses) {
  await flip(
    electronBinaryPath(context),
    fuseConfig(context.electronPlatformName, ARCH_NAMES[context.arch] ?? String(context.arch)),
  );
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.electronBinaryPath = electronBinaryPath;
