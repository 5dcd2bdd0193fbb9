// Loaded into the app process of a kill test (`node --import`, see AppProcess.start `imports`), never
// into the product: it stands in for the moment a crash strikes the journal. After SIGUSR2 from the
// test, the journal's next rename of its temporary file over the journal never happens: the file is
// written and flushed, then the process waits there until the test kills it. Every later write
// queues behind that one, so the journal on disk stays as it was at the signal while the transfers
// go on: files and parts finish that the journal will never record.
//
// The child tells the test through the app process's own event channel: `test:journal-holding` once
// the signal took effect, `test:journal-held` when a write reached the held rename.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const fsp = require('node:fs/promises') as typeof import('node:fs/promises');
const rename = fsp.rename;
let holding = false;

const tell = (event: string): void => {
  process.send?.({ kind: 'event', event, payload: null });
};

fsp.rename = async (from, to) => {
  if (holding && String(from).endsWith('transfer-journal.json.tmp')) {
    tell('test:journal-held');
    return new Promise<void>(() => undefined);
  }
  return rename(from, to);
};
// The product's `import { rename } from 'node:fs/promises'` sees the patched function.
syncBuiltinESMExports();

process.on('SIGUSR2', () => {
  holding = true;
  tell('test:journal-holding');
});
