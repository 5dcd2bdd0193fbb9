import type { S3Client } from '@aws-sdk/client-s3';
import { keysUnder } from './selection-keys';

/** What the user picked in one folder view: objects by key and folders by prefix. */
export interface Selection {
  readonly sessionId: string;
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
}

export interface SelectedObject {
  readonly key: string;
  /** Known when the key came from a listing; explicitly picked keys are not sized here. */
  readonly size?: number;
  /** The key below the picked item's parent folder: what a copy puts under its target prefix. */
  readonly relative: string;
}

/**
 * Where the picked item's parent folder ends. Keys are data, not paths: only the last
 * '/'-separated segment (ignoring a trailing '/') is split off; '..' and '//' stay as they are.
 */
export const parentLength = (keyOrPrefix: string): number =>
  keyOrPrefix.length < 2 ? 0 : keyOrPrefix.lastIndexOf('/', keyOrPrefix.length - 2) + 1;

/** Every object a selection stands for, each once, folders expanded to any depth. */
export async function* expandSelection(
  client: S3Client,
  selection: Selection,
): AsyncGenerator<SelectedObject> {
  const seen = new Set<string>();
  for (const key of selection.keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    yield { key, relative: key.slice(parentLength(key)) };
  }
  for (const prefix of selection.prefixes) {
    const parent = parentLength(prefix);
    for await (const { key, size } of keysUnder(client, selection.bucket, prefix)) {
      if (seen.has(key)) continue;
      seen.add(key);
      yield { key, size, relative: key.slice(parent) };
    }
  }
}
