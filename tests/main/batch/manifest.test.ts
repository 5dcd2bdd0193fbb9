// The manifest's lines and the checks a plan must pass before one S3PutObjectCopy job can run it.
import { describe, expect, it } from 'vitest';
import { encodeManifestKey, type ManifestShape, manifestLines } from '../../../src/main/batch/manifest';
import type { CopyPlanItem, CopyPlanSides } from '../../../src/shared/models/copy-plan';

const sides: CopyPlanSides = {
  source: { sessionId: 's', bucket: 'src', prefix: 'data/' },
  target: { sessionId: 't', bucket: 'dst', prefix: 'backup/' },
};
const item = (key: string, extra: Partial<CopyPlanItem> = {}): CopyPlanItem => ({
  sourceBucket: 'src',
  sourceKey: key,
  targetBucket: 'dst',
  targetKey: `backup/${key}`,
  size: 10,
  ...extra,
});
const shape = (): ManifestShape => ({ objects: 0, bytes: 0, withVersions: false, targetKeyPrefix: '' });

async function lines(items: CopyPlanItem[], s = sides): Promise<{ lines: string[]; shape: ManifestShape }> {
  const out: string[] = [];
  const sh = shape();
  for await (const line of manifestLines(items, s, sh)) out.push(line);
  return { lines: out, shape: sh };
}

describe('manifest lines', () => {
  it('URL-encodes keys so a comma, a newline, a plus and non-ASCII stay one field of one line', async () => {
    const keys = ['data/a,b.csv', 'data/line\nbreak', 'data/one+two three', 'data/naïve', 'data//x/../y'];
    const { lines: out, shape: sh } = await lines(keys.map((k) => item(k)));
    expect(out).toEqual([
      'src,data/a%2Cb.csv\n',
      'src,data/line%0Abreak\n',
      'src,data/one%2Btwo%20three\n',
      'src,data/na%C3%AFve\n',
      'src,data//x/../y\n',
    ]);
    // Read back as AWS reads them (a `+` is a space), every key is what it was.
    const decoded = out.map((l) => decodeURIComponent(l.trimEnd().split(',')[1]!.replace(/\+/g, ' ')));
    expect(decoded).toEqual(keys);
    expect(sh).toEqual({ objects: 5, bytes: 50, withVersions: false, targetKeyPrefix: 'backup/' });
  });

  it('writes the version column for every row once the first item names a version, and refuses a mix', async () => {
    const { lines: out } = await lines([item('data/a', { sourceVersionId: 'v1' })]);
    expect(out).toEqual(['src,data/a,v1\n']);
    await expect(lines([item('data/a', { sourceVersionId: 'v1' }), item('data/b')])).rejects.toThrow(
      /cannot mix/,
    );
  });

  it('refuses what one job cannot do: renames, two target prefixes, objects over 5 GiB, an empty plan', async () => {
    await expect(lines([item('data/a', { targetKey: 'backup/renamed' })])).rejects.toThrow(/cannot rename/);
    await expect(lines([item('data/a'), item('data/b', { targetKey: 'other/data/b' })])).rejects.toThrow(
      /every object under "backup\/"/,
    );
    await expect(lines([item('data/big', { size: 5 * 1024 ** 3 + 1 })])).rejects.toThrow(/larger than 5 GiB/);
    await expect(lines([])).rejects.toThrow(/nothing to copy/);
    await expect(lines([item('elsewhere/a')])).rejects.toThrow(/outside the source folder/);
  });

  it('refuses a target inside the source folder, or the source itself', async () => {
    const same = { ...sides, target: { sessionId: 's', bucket: 'src', prefix: 'data/copy/' } };
    await expect(
      lines([item('data/a', { targetBucket: 'src', targetKey: 'data/copy/data/a' })], same),
    ).rejects.toThrow(/inside the source folder/);
    const self = { ...sides, target: { sessionId: 's', bucket: 'src', prefix: '' } };
    await expect(lines([item('data/a', { targetBucket: 'src', targetKey: 'data/a' })], self)).rejects.toThrow(
      /onto itself/,
    );
  });

  it('keeps slashes readable', () => {
    expect(encodeManifestKey('a/b c/d')).toBe('a/b%20c/d');
  });
});
