import { type ReactNode, useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import { archiveClasses } from '../../../shared/models/objects';
import type { ObjectDetails, ObjectEntry } from '../../../shared/models/s3';
import { ErrorNotice } from '../../components/ErrorNotice';
import { exactWhenRounded, formatBytes, formatExactBytes, formatExactTime } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import { editLabels, type ObjectEdits } from '../edit/use-object-edits';
import type { Operations } from '../operations/use-operations';
import { PreviewPane } from '../preview/PreviewPane';
import { useDetailsView } from './details-view-store';
import { VersionsList } from './VersionsList';
import './details.css';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly objectKey: string;
  readonly entry: ObjectEntry;
  readonly ops: Operations;
  readonly edits: ObjectEdits;
}

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly details: ObjectDetails }
  | { readonly status: 'error'; readonly error: AppError };

const isArchived = (details: ObjectDetails): boolean =>
  archiveClasses.includes(details.storageClass ?? 'STANDARD');

/**
 * The one selected object: its HEAD, tags and versions under Details, its content under
 * Preview (the choice stays as the selection moves, so arrowing through a folder previews
 * each object in turn). The parent keys this panel by object.
 */
export function DetailsPanel({ sessionId, bucket, objectKey, entry, ops, edits }: Props) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const view = useDetailsView((s) => s.view);
  const setView = useDetailsView((s) => s.setView);
  const [previewVersion, setPreviewVersion] = useState<string>();
  const deleted = entry.deleted === true;

  // biome-ignore lint/correctness/useExhaustiveDependencies: edits.revision asks for a fresh read after a change
  useEffect(() => {
    if (deleted) return;
    let live = true;
    setLoad({ status: 'loading' });
    call('headObject', { sessionId, bucket, key: objectKey })
      .then((details) => live && setLoad({ status: 'ready', details }))
      .catch((err: unknown) => live && setLoad({ status: 'error', error: toAppError(err) }));
    return () => {
      live = false;
    };
  }, [sessionId, bucket, objectKey, deleted, edits.revision]);

  const previewOf = (versionId: string): void => {
    setPreviewVersion(versionId);
    setView('preview');
  };
  const details = load.status === 'ready' ? load.details : undefined;
  const showVersions = deleted || details?.versioning === 'Enabled' || details?.versioning === 'Suspended';

  return (
    <aside
      className={view === 'preview' ? 'details-panel details-panel--preview' : 'details-panel'}
      aria-label="Object details"
    >
      <h3 className="details-panel__title object-name" title={objectKey}>
        {objectKey.slice(objectKey.lastIndexOf('/') + 1) || objectKey}
      </h3>
      <fieldset className="segmented details-panel__views" aria-label="Show">
        {(['details', 'preview'] as const).map((v) => (
          <button
            key={v}
            type="button"
            className={view === v ? 'button button--pressed' : 'button'}
            aria-pressed={view === v}
            onClick={() => setView(v)}
          >
            {v === 'details' ? 'Details' : 'Preview'}
          </button>
        ))}
      </fieldset>
      {view === 'preview' ? (
        deleted && !previewVersion ? (
          <p className="muted">
            A deleted object has no current version; preview one of its versions under Details.
          </p>
        ) : (
          <>
            {previewVersion ? (
              <p className="details-panel__version-note">
                Version <code>{previewVersion}</code>{' '}
                <button type="button" className="button" onClick={() => setPreviewVersion(undefined)}>
                  Show current
                </button>
              </p>
            ) : null}
            <PreviewPane
              key={`${objectKey}\n${previewVersion ?? ''}\n${edits.revision}`}
              sessionId={sessionId}
              bucket={bucket}
              objectKey={objectKey}
              {...(previewVersion ? { versionId: previewVersion } : {})}
            />
          </>
        )
      ) : (
        <>
          {deleted ? (
            <div className="details-panel__deleted" role="status">
              <p>Deleted: the current version is a delete marker.</p>
              <button type="button" className="button" onClick={() => edits.open('undelete', [entry])}>
                Undelete…
              </button>
            </div>
          ) : null}
          {!deleted && load.status === 'loading' ? <p className="muted">Loading details…</p> : null}
          {!deleted && load.status === 'error' ? (
            <ErrorNotice error={load.error} title="Could not read the object" compact />
          ) : null}
          {details ? <DetailsBody details={details} /> : null}
          {deleted ? null : (
            <>
              <div className="details-panel__actions">
                <button type="button" className="button" onClick={() => ops.download([entry])}>
                  Download
                </button>
                <button type="button" className="button" onClick={() => ops.presign(entry)}>
                  Presigned URL
                </button>
                <button type="button" className="button" onClick={() => ops.copyKey(entry)}>
                  Copy key
                </button>
                <button type="button" className="button" onClick={() => ops.copyForms([entry])}>
                  Copy address as…
                </button>
              </div>
              <fieldset className="details-panel__actions details-panel__edits" aria-label="Edit the object">
                {(['metadata', 'tags', 'storage-class'] as const).map((kind) => (
                  <button
                    key={kind}
                    type="button"
                    className="button"
                    onClick={() => edits.open(kind, [entry])}
                  >
                    {editLabels[kind]}
                  </button>
                ))}
                {details && isArchived(details) ? (
                  <button type="button" className="button" onClick={() => edits.open('restore', [entry])}>
                    {editLabels.restore}
                  </button>
                ) : null}
              </fieldset>
            </>
          )}
          {showVersions ? (
            <VersionsList
              sessionId={sessionId}
              bucket={bucket}
              entry={entry}
              ops={ops}
              revision={edits.revision}
              onChanged={edits.changed}
              onPreview={previewOf}
            />
          ) : null}
        </>
      )}
    </aside>
  );
}

function Row({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd title={title}>{children}</dd>
    </>
  );
}

/** Where an archived object stands: not restored, restoring, or readable until a date. */
function restoreText(details: ObjectDetails): string | undefined {
  if (!isArchived(details)) return undefined;
  const { restore } = details;
  if (!restore) return 'Archived: restore it to read it';
  if (restore.ongoing) return 'Restore in progress';
  return restore.expiresAt ? `Restored copy until ${formatExactTime(restore.expiresAt)}` : 'Restored';
}

function DetailsBody({ details }: { details: ObjectDetails }) {
  const metadata = Object.entries(details.metadata);
  const tags = details.tags ? Object.entries(details.tags) : [];
  const restore = restoreText(details);
  const headers: readonly [string, string | undefined][] = [
    ['Content type', details.contentType],
    ['Cache-Control', details.cacheControl],
    ['Content-Disposition', details.contentDisposition],
    ['Content-Encoding', details.contentEncoding],
    ['Content-Language', details.contentLanguage],
  ];
  const exact = exactWhenRounded(details.size);
  return (
    <>
      <dl className="details-list">
        <Row label="Key">
          <code className="object-name details-list__key">{details.key}</code>
        </Row>
        <Row label="Size" title={formatExactBytes(details.size)}>
          {formatBytes(details.size)}
          {exact ? <span className="muted"> ({exact})</span> : null}
        </Row>
        {details.lastModified ? (
          <Row label="Last modified">{formatExactTime(details.lastModified)}</Row>
        ) : null}
        {details.etag ? (
          <Row label="ETag">
            <code>{details.etag}</code>
          </Row>
        ) : null}
        <Row label="Storage class">{details.storageClass ?? 'STANDARD'}</Row>
        {restore ? <Row label="Restore">{restore}</Row> : null}
        {headers.map(([label, value]) =>
          value ? (
            <Row key={label} label={label}>
              {value}
            </Row>
          ) : null,
        )}
        <Row label="Encryption">
          {details.encryption ?? 'None reported'}
          {details.kmsKeyId ? <code className="details-list__kms">{details.kmsKeyId}</code> : null}
        </Row>
        {details.versionId ? (
          <Row label="Version">
            <code>{details.versionId}</code>
          </Row>
        ) : null}
        <Row label="Versioning">{details.versioning ?? 'Off'}</Row>
      </dl>
      <h4 className="details-panel__section">User metadata</h4>
      {metadata.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <dl className="details-list">
          {metadata.map(([k, v]) => (
            <Row key={k} label={k}>
              {v}
            </Row>
          ))}
        </dl>
      )}
      <h4 className="details-panel__section">Tags</h4>
      {details.tagsError ? (
        <ErrorNotice error={details.tagsError} title="Tags unavailable" compact />
      ) : tags.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <dl className="details-list">
          {tags.map(([k, v]) => (
            <Row key={k} label={k}>
              {v}
            </Row>
          ))}
        </dl>
      )}
    </>
  );
}
