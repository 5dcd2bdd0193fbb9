// Electronegativity parses TypeScript with typescript-estree 4, which needs the TypeScript 4
// compiler API. npm hoists that parser next to the project's TypeScript 7 (a native compiler
// with no JS API), so point its `require('typescript')` at the 4.2 copy Electronegativity ships.
const Module = require('node:module');
const path = require('node:path');

const scannerDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const bundled = require.resolve('typescript', { paths: [scannerDir] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && parent && /typescript-estree|tsutils/.test(parent.filename)) return bundled;
  return resolve.call(this, request, parent, ...rest);
};
