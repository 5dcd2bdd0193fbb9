import { type ReactNode, useCallback, useMemo, useState } from 'react';
import type { ObjectEntry } from '../../../shared/models/s3';
import { formatS3Uri } from '../../../shared/s3-address/format';
import { call, grantDroppedFiles, toAppError } from '../../lib/api';
import { copiedMessage, writeClipboard } from '../../lib/clipboard';
import { useBrowserStore } from '../../stores/browser-store';
import { useSettingsStore } from '../../stores/settings-store';
import type { PaneId } from '../../stores/workspace-store';
import { openConsole } from '../console/OpenConsoleButton';
import { CopyFormsDialog } from '../copy-forms/CopyFormsDialog';
import { CopyToDialog } from './CopyToDialog';
import { DeleteDialog } from './DeleteDialog';
import type { DraggedSelection } from './drag';
import { dragOutToOs } from './drag-out';
import { NewFolderDialog } from './NewFolderDialog';
import { enqueueText, type OperationNotice, pluralize } from './notice';
import { PresignDialog } from './PresignDialog';
import { RenameDialog } from './RenameDialog';
import { MAX_SELECTION, payloadOf, type SelectionPayload } from './selection';

export interface OperationContext {
  readonly paneId: PaneId;
  readonly sessionId: string;
  readonly bucket: string;
  readonly prefix: string;
}

export interface Operations {
  readonly newFolder: () => void;
  readonly upload: (kind: 'files' | 'folder') => void;
  /** OS files dropped on the list or on a folder row. */
  readonly uploadDropped: (files: FileList, targetPrefix: string) => void;
  readonly download: (entries: readonly ObjectEntry[], versionId?: string) => void;
  readonly remove: (entries: readonly ObjectEntry[]) => void;
  readonly rename: (entry: ObjectEntry) => void;
  readonly copyTo: (entries: readonly ObjectEntry[]) => void;
  readonly presign: (entry: ObjectEntry, versionId?: string) => void;
  readonly copyKey: (entry: ObjectEntry) => void;
  /** The selection's `s3://` URIs on the clipboard, one per line. */
  readonly copyS3Uri: (entries: readonly ObjectEntry[]) => void;
  /** Every address form of the selection (URI, HTTPS URL, ARN, CLI line, Console URL). */
  readonly copyForms: (entries: readonly ObjectEntry[]) => void;
  /** Rows dragged to the desktop: main downloads them to a temporary folder, then starts the OS drag. */
  readonly dragOut: (entries: readonly ObjectEntry[]) => void;
  /** The AWS Console at this folder or object, signed in as the session (main opens the browser). */
  readonly openInConsole: (entry: ObjectEntry) => void;
  /** Rows dragged in from the other pane (possibly another account). */
  readonly copyFromPane: (dragged: DraggedSelection, targetPrefix: string) => void;
}

type OpenDialog =
  | { readonly type: 'new-folder' }
  | { readonly type: 'delete'; readonly selection: SelectionPayload }
  | { readonly type: 'rename'; readonly entry: ObjectEntry }
  | { readonly type: 'copy-to'; readonly selection: SelectionPayload }
  | { readonly type: 'presign'; readonly key: string; readonly versionId?: string }
  | { readonly type: 'copy-forms'; readonly keys: readonly string[] };

export interface OperationsView {
  readonly ops: Operations;
  readonly dialog: ReactNode;
  readonly notice?: OperationNotice;
  readonly dismissNotice: () => void;
}

/** A dialog of five forms per item stops being readable long before the selection limit. */
const MAX_COPY_FORMS = 1000;

const tooMany = (count: number): OperationNotice => ({
  kind: 'error',
  title: 'Selection too large',
  error: {
    code: 'validation',
    message: `${pluralize(count, 'item')} are selected; one request takes at most ${pluralize(MAX_SELECTION, 'item')}.`,
    hints: ['Select the folder that holds them instead, or narrow the selection with the filter.'],
  },
});

/** Every action on the current folder or selection, with the dialogs and notices they need. */
export function useOperations(ctx: OperationContext): OperationsView {
  const { paneId, sessionId, bucket, prefix } = ctx;
  const [dialog, setDialog] = useState<OpenDialog>();
  const [notice, setNotice] = useState<OperationNotice>();
  const refresh = useBrowserStore((s) => s.refresh);
  const confirmDelete = useSettingsStore((s) => s.settings.confirmDelete);
  const downloadDir = useSettingsStore((s) => s.settings.downloadDir);

  const fail = useCallback((title: string, err: unknown) => {
    setNotice({ kind: 'error', title, error: toAppError(err) });
  }, []);

  const ops = useMemo<Operations>(() => {
    const copyText = (text: string, what: string, shown: string): void => {
      writeClipboard(text).then(
        (receipt) => setNotice({ kind: 'info', text: copiedMessage(shown, receipt) }),
        (err: unknown) =>
          setNotice({
            kind: 'error',
            title: `Could not copy the ${what}`,
            error: { ...toAppError(err), hints: [`Select and copy it by hand: ${shown}`] },
          }),
      );
    };

    const guarded = (entries: readonly ObjectEntry[]): SelectionPayload | undefined => {
      if (entries.length === 0) return undefined;
      if (entries.length > MAX_SELECTION) {
        setNotice(tooMany(entries.length));
        return undefined;
      }
      return payloadOf(entries);
    };

    const enqueueUpload = async (paths: readonly string[], targetPrefix: string, extra: string[]) => {
      if (paths.length === 0) {
        if (extra.length > 0) setNotice({ kind: 'info', text: extra.join(' ') });
        return;
      }
      try {
        const result = await call('uploadPaths', {
          sessionId,
          bucket,
          prefix: targetPrefix,
          paths: [...paths],
        });
        setNotice({
          kind: 'info',
          text: enqueueText(result.items, 'Queued upload of', [...result.notices, ...extra]),
        });
      } catch (err) {
        fail('Could not start the upload', err);
      }
    };

    return {
      newFolder: () => setDialog({ type: 'new-folder' }),

      upload: (kind) => {
        void (async () => {
          try {
            const paths = await call('pickUploadPaths', { kind });
            await enqueueUpload(paths, prefix, []);
          } catch (err) {
            fail('Could not choose files', err);
          }
        })();
      },

      uploadDropped: (files, targetPrefix) => {
        void (async () => {
          try {
            // Only paths cross to main; a file without one (dragged from a web page) is never read.
            const { paths, withoutPath } = await grantDroppedFiles(Array.from(files));
            const extra =
              withoutPath === 0
                ? []
                : [
                    `${pluralize(withoutPath, 'item')} ${withoutPath === 1 ? 'has no file path and was' : 'have no file path and were'} skipped.`,
                  ];
            await enqueueUpload(paths, targetPrefix, extra);
          } catch (err) {
            fail('Could not start the upload', err);
          }
        })();
      },

      download: (entries, versionId) => {
        const selection = guarded(entries);
        if (!selection) return;
        void (async () => {
          try {
            // With a download folder in settings, main uses it; otherwise ask each time.
            const targetDir = downloadDir ? undefined : await call('pickDirectory', { title: 'Download to' });
            if (!downloadDir && !targetDir) return;
            const result = await call('downloadObjects', {
              sessionId,
              bucket,
              keys: [...selection.keys],
              prefixes: [...selection.prefixes],
              ...(targetDir ? { targetDir } : {}),
              ...(versionId ? { versionId } : {}),
            });
            setNotice({
              kind: 'info',
              text: enqueueText(result.items, 'Queued download of', result.notices),
            });
          } catch (err) {
            fail('Could not start the download', err);
          }
        })();
      },

      remove: (entries) => {
        const selection = guarded(entries);
        if (selection) setDialog({ type: 'delete', selection });
      },

      rename: (entry) => setDialog({ type: 'rename', entry }),

      copyTo: (entries) => {
        const selection = guarded(entries);
        if (selection) setDialog({ type: 'copy-to', selection });
      },

      presign: (entry, versionId) =>
        setDialog(
          versionId ? { type: 'presign', key: entry.key, versionId } : { type: 'presign', key: entry.key },
        ),

      // Call from the click handler itself: the clipboard only accepts writes during a user gesture.
      copyKey: (entry) => copyText(entry.key, 'key', entry.key),

      copyS3Uri: (entries) => {
        const uris = entries.map((e) => formatS3Uri({ bucket, key: e.key }));
        const more = uris.length > 1 ? ` and ${pluralize(uris.length - 1, 'more')}` : '';
        if (uris[0]) copyText(uris.join('\n'), 'S3 URI', `${uris[0]}${more}`);
      },

      copyForms: (entries) => {
        if (entries.length > MAX_COPY_FORMS) {
          setNotice({ kind: 'info', text: `Copy address works on up to ${MAX_COPY_FORMS} items at once.` });
          return;
        }
        if (entries.length > 0) setDialog({ type: 'copy-forms', keys: entries.map((e) => e.key) });
      },

      dragOut: (entries) => {
        const selection = guarded(entries);
        if (selection) dragOutToOs({ sessionId, bucket, selection, count: entries.length }, setNotice);
      },

      openInConsole: (entry) => {
        openConsole(sessionId, { bucket, key: entry.key }).then(
          () =>
            setNotice({
              kind: 'info',
              text: `Opened the Console at s3://${bucket}/${entry.key} in your browser.`,
            }),
          (err: unknown) => fail('Could not open the Console', err),
        );
      },

      copyFromPane: (dragged, targetPrefix) => {
        void (async () => {
          try {
            const result = await call('copyAcrossSessions', {
              from: {
                sessionId: dragged.sessionId,
                bucket: dragged.bucket,
                keys: [...dragged.keys],
                prefixes: [...dragged.prefixes],
              },
              to: { sessionId, bucket, prefix: targetPrefix },
            });
            setNotice({ kind: 'info', text: enqueueText(result.items, 'Queued copy of', result.notices) });
          } catch (err) {
            fail('Could not start the copy', err);
          }
        })();
      },
    };
  }, [sessionId, bucket, prefix, downloadDir, fail]);

  const close = (): void => setDialog(undefined);
  const done = (text: string): void => {
    setDialog(undefined);
    setNotice({ kind: 'info', text });
    refresh(paneId);
  };

  let element: ReactNode = null;
  if (dialog?.type === 'new-folder') {
    element = (
      <NewFolderDialog
        sessionId={sessionId}
        bucket={bucket}
        prefix={prefix}
        onClose={close}
        onCreated={(key) => done(`Created folder ${key}`)}
      />
    );
  } else if (dialog?.type === 'delete') {
    element = (
      <DeleteDialog
        sessionId={sessionId}
        bucket={bucket}
        selection={dialog.selection}
        skipConfirm={confirmDelete === 'never'}
        onClose={() => {
          close();
          refresh(paneId);
        }}
        onDeleted={(n) => done(`Deleted ${pluralize(n, 'object')}.`)}
      />
    );
  } else if (dialog?.type === 'rename') {
    element = (
      <RenameDialog
        sessionId={sessionId}
        bucket={bucket}
        prefix={prefix}
        entry={dialog.entry}
        onClose={close}
        onRenamed={(key) => done(`Renamed to ${key}`)}
      />
    );
  } else if (dialog?.type === 'copy-to') {
    element = (
      <CopyToDialog
        sessionId={sessionId}
        bucket={bucket}
        prefix={prefix}
        selection={dialog.selection}
        onClose={close}
        onCopied={done}
      />
    );
  } else if (dialog?.type === 'presign') {
    element = (
      <PresignDialog
        sessionId={sessionId}
        bucket={bucket}
        objectKey={dialog.key}
        versionId={dialog.versionId}
        onClose={close}
      />
    );
  } else if (dialog?.type === 'copy-forms') {
    element = <CopyFormsDialog sessionId={sessionId} bucket={bucket} keys={dialog.keys} onClose={close} />;
  }

  return { ops, dialog: element, notice, dismissNotice: () => setNotice(undefined) };
}
