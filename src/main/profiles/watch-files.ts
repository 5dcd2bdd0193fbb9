import { type FSWatcher, type StatsListener, unwatchFile, watch, watchFile } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileWatch {
  close(): void;
}

/** Slow enough to cost nothing, quick enough that a created ~/.aws shows up while the user looks. */
const pollIntervalMs = 1000;

/**
 * Calls `onChange` when any of `paths` may have changed. Watches the directories rather
 * than the files: the files may not exist yet, and editors save by writing a new file and
 * renaming it over the old one, which a watch on the old file would miss. Where a directory
 * is missing (no ~/.aws yet) or its watch fails, falls back to polling the file's metadata.
 * Calls may be spurious or come in bursts; the caller debounces and compares.
 */
export function watchFiles(paths: readonly string[], onChange: () => void): FileWatch {
  const watchers: FSWatcher[] = [];
  const polled: { path: string; listener: StatsListener }[] = [];

  const poll = (path: string): void => {
    const listener: StatsListener = (current, previous) => {
      if (
        current.mtimeMs !== previous.mtimeMs ||
        current.size !== previous.size ||
        current.ino !== previous.ino
      ) {
        onChange();
      }
    };
    watchFile(path, { interval: pollIntervalMs, persistent: false }, listener);
    polled.push({ path, listener });
  };

  const byDirectory = new Map<string, string[]>();
  for (const path of new Set(paths)) {
    const dir = dirname(path);
    byDirectory.set(dir, [...(byDirectory.get(dir) ?? []), path]);
  }

  for (const [dir, files] of byDirectory) {
    const names = new Set(files.map((path) => basename(path)));
    try {
      const watcher = watch(dir, { persistent: false }, (_event, filename) => {
        // Some platforms do not report the name; then any change in the directory counts.
        if (filename === null || names.has(filename.toString())) onChange();
      });
      watcher.on('error', () => {
        // The directory went away (deleted or renamed); keep noticing the files by polling.
        watcher.close();
        for (const path of files) poll(path);
        onChange();
      });
      watchers.push(watcher);
    } catch {
      for (const path of files) poll(path);
    }
  }

  return {
    close() {
      for (const watcher of watchers) watcher.close();
      for (const { path, listener } of polled) unwatchFile(path, listener);
    },
  };
}
