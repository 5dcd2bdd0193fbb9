import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { ObjectEntry, ObjectVersion } from '../../../shared/models/s3';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatExactTime } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import type { Operations } from '../operations/use-operations';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly entry: ObjectEntry;
  readonly ops: Operations;
}

export function VersionsList({ sessionId, bucket, entry, ops }: Props) {
  const [versions, setVersions] = useState<readonly ObjectVersion[]>();
  const [error, setError] = useState<AppError>();

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
  }, [sessionId, bucket, entry.key]);

  return (
    <section className="versions" aria-label="Versions">
      <h4 className="details-panel__section">Versions</h4>
      {error ? <ErrorNotice error={error} title="Could not list versions" compact /> : null}
      {!versions && !error ? <p className="muted">Loading versions…</p> : null}
      {versions ? (
        <ul className="versions__list">
          {versions.map((v) => (
            <li key={v.versionId} className="versions__item">
              <div className="versions__meta">
                <code className="versions__id" title={v.versionId}>
                  {v.versionId}
                </code>
                {v.isLatest ? <span className="badge">latest</span> : null}
                {v.isDeleteMarker ? <span className="badge">delete marker</span> : null}
                <span className="muted">
                  {v.size !== undefined ? formatBytes(v.size) : ''}
                  {v.lastModified ? ` · ${formatExactTime(v.lastModified)}` : ''}
                </span>
              </div>
              {v.isDeleteMarker ? null : (
                <button
                  type="button"
                  className="button"
                  aria-label={`Download version ${v.versionId}`}
                  onClick={() => ops.download([entry], v.versionId)}
                >
                  Download
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
