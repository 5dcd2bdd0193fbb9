import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { ObjectEntry, ObjectVersion } from '../../../shared/models/s3';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatExactTime } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import type { Operations } from '../operations/use-operations';
import { DeleteVersionDialog } from '../versions/DeleteVersionDialog';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly entry: ObjectEntry;
  readonly ops: Operations;
  /** Goes up when the object changed elsewhere; the list is read again. */
  readonly revision: number;
  /** A version was made current or deleted here. */
  readonly onChanged: () => void;
  readonly onPreview: (versionId: string) => void;
}

/**
 * The object's history: download or preview any version, make an older one current again
 * (copied over the current one, so the history keeps every step), delete one for good.
 */
export function VersionsList({ sessionId, bucket, entry, ops, revision, onChanged, onPreview }: Props) {
  const [versions, setVersions] = useState<readonly ObjectVersion[]>();
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<AppError>();
  const [deleting, setDeleting] = useState<ObjectVersion>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision asks for a fresh read
  useEffect(() => {
    let live = true;
    setVersions(undefined);
    setError(undefined);
    call('listVersions', { sessionId, bucket, key: entry.key })
      .then((list) => live && setVersions(list))
      .catch((err: unknown) => live && setError(toAppError(err)));
    return () => {
      live = false;
    };
  }, [sessionId, bucket, entry.key, revision]);

  const makeCurrent = async (version: ObjectVersion): Promise<void> => {
    setBusy(version.versionId);
    setActionError(undefined);
    try {
      await call('restoreVersion', { sessionId, bucket, key: entry.key, versionId: version.versionId });
      onChanged();
    } catch (err) {
      setActionError(toAppError(err));
    } finally {
      setBusy(undefined);
    }
  };

  const next = (version: ObjectVersion): ObjectVersion | undefined =>
    versions?.[versions.indexOf(version) + 1];

  return (
    <section className="versions" aria-label="Versions">
      <h4 className="details-panel__section">Versions</h4>
      {error ? <ErrorNotice error={error} title="Could not list versions" compact /> : null}
      {actionError ? (
        <ErrorNotice
          error={actionError}
          title="Could not change the version"
          compact
          onDismiss={() => setActionError(undefined)}
        />
      ) : null}
      {!versions && !error ? <p className="muted">Loading versions…</p> : null}
      {versions ? (
        <ul className="versions__list">
          {versions.map((v) => (
            <li key={v.versionId} className="versions__item" aria-label={`Version ${v.versionId}`}>
              <div className="versions__meta">
                <code className="versions__id" title={v.versionId}>
                  {v.versionId}
                </code>
                <span>
                  {v.isLatest ? <span className="badge">current</span> : null}
                  {v.isDeleteMarker ? <span className="badge">delete marker</span> : null}
                </span>
                <span className="muted">
                  {v.size !== undefined ? formatBytes(v.size) : ''}
                  {v.lastModified ? ` · ${formatExactTime(v.lastModified)}` : ''}
                </span>
              </div>
              <div className="versions__actions">
                {v.isDeleteMarker ? null : (
                  <>
                    <button
                      type="button"
                      className="button"
                      aria-label={`Download version ${v.versionId}`}
                      onClick={() => ops.download([entry], v.versionId)}
                    >
                      Download
                    </button>
                    <button
                      type="button"
                      className="button"
                      aria-label={`Preview version ${v.versionId}`}
                      onClick={() => onPreview(v.versionId)}
                    >
                      Preview
                    </button>
                  </>
                )}
                {v.isLatest || v.isDeleteMarker ? null : (
                  <button
                    type="button"
                    className="button"
                    aria-label={`Make version ${v.versionId} current`}
                    disabled={busy !== undefined}
                    onClick={() => void makeCurrent(v)}
                  >
                    {busy === v.versionId ? 'Restoring…' : 'Make current'}
                  </button>
                )}
                <button
                  type="button"
                  className="button button--danger"
                  aria-label={`Delete ${v.isDeleteMarker ? 'delete marker' : 'version'} ${v.versionId}`}
                  onClick={() => setDeleting(v)}
                >
                  Delete…
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {deleting ? (
        <DeleteVersionDialog
          sessionId={sessionId}
          bucket={bucket}
          objectKey={entry.key}
          version={deleting}
          next={next(deleting)}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            setDeleting(undefined);
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}
