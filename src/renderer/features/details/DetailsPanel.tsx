import { type ReactNode, useEffect, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { ObjectDetails, ObjectEntry } from '../../../shared/models/s3';
import { ErrorNotice } from '../../components/ErrorNotice';
import { exactWhenRounded, formatBytes, formatExactBytes, formatExactTime } from '../../components/format';
import { call, toAppError } from '../../lib/api';
import type { Operations } from '../operations/use-operations';
import { VersionsList } from './VersionsList';
import './details.css';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly objectKey: string;
  readonly entry: ObjectEntry;
  readonly ops: Operations;
}

type Load =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly details: ObjectDetails }
  | { readonly status: 'error'; readonly error: AppError };

/** HEAD of the one selected object, its tags and, on a versioned bucket, its versions. */
export function DetailsPanel({ sessionId, bucket, objectKey, entry, ops }: Props) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    call('headObject', { sessionId, bucket, key: objectKey })
      .then((details) => live && setLoad({ status: 'ready', details }))
      .catch((err: unknown) => live && setLoad({ status: 'error', error: toAppError(err) }));
    return () => {
      live = false;
    };
  }, [sessionId, bucket, objectKey]);

  return (
    <aside className="details-panel" aria-label="Object details">
      <h3 className="details-panel__title object-name" title={objectKey}>
        {objectKey.slice(objectKey.lastIndexOf('/') + 1) || objectKey}
      </h3>
      {load.status === 'loading' ? <p className="muted">Loading details…</p> : null}
      {load.status === 'error' ? (
        <ErrorNotice error={load.error} title="Could not read the object" compact />
      ) : null}
      {load.status === 'ready' ? <DetailsBody details={load.details} /> : null}
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
      </div>
      {load.status === 'ready' && load.details.versioning === 'Enabled' ? (
        <VersionsList sessionId={sessionId} bucket={bucket} entry={entry} ops={ops} />
      ) : null}
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

function DetailsBody({ details }: { details: ObjectDetails }) {
  const metadata = Object.entries(details.metadata);
  const tags = details.tags ? Object.entries(details.tags) : [];
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
        {details.contentType ? <Row label="Content type">{details.contentType}</Row> : null}
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
