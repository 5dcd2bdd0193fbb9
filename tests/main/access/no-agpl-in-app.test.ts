// @cloud-copilot/iam-simulate is AGPL-3.0: the test guard may use it, the shipped MIT app may not.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

it('nothing the app ships imports @cloud-copilot packages, and they stay dev dependencies', () => {
  const importing = filesUnder(join(ROOT, 'src')).filter((file) =>
    readFileSync(file, 'utf8').includes('@cloud-copilot/'),
  );
  expect(importing).toEqual([]);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  expect(Object.keys(pkg.dependencies).filter((name) => name.startsWith('@cloud-copilot/'))).toEqual([]);
  expect(pkg.devDependencies['@cloud-copilot/iam-simulate']).toBe('0.1.173');
});
