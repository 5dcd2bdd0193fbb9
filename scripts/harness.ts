/**
 * The development harness: the demo without the 100,000-key prefix, always in the browser
 * shell, so UI work can be looked at in Chromium. Run `npm run build` first.
 */
process.argv.push('--quick', '--browser');
await import('./demo');

export {};
