import { useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { ObjectVersion } from '../../../shared/models/s3';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatExactTime } from '../../components/format';
import { call, toAppError } from '../../lib/api';

interface Props {
  readonly sessionId: string;
  readonly bucket: string;
  readonly objectKey: string;
  readonly version: ObjectVersion;
  /** The version that becomes current when the latest one goes, if any. */
  readonly next?: ObjectVersion;
  readonly onDeleted: () => void;
  readonly onClose: () => void;
}

function consequence(version: ObjectVersion, next: ObjectVersion | undefined): string {
  if (version.isDeleteMarker && version.isLatest) {
    return 'Removing the delete marker brings the object back as its previous version.';
  }
  if (version.isDeleteMarker)
    return 'This removes an old delete marker from the history; the current version stays.';
  if (version.isLatest && next?.isDeleteMarker) {
    return 'This is the current version, and the one before it is a delete marker: the object will show as deleted.';
  }
  if (version.isLatest && next) return 'This is the current version: the previous version becomes current.';
  if (version.isLatest) return 'This is the only version: the object is gone for good.';
  return 'The current version stays as it is.';
}

/** DeleteObject with a version ID cannot be undone, so it is always confirmed. */
export function DeleteVersionDialog({
  sessionId,
  bucket,
  objectKey,
  version,
  next,
  onDeleted,
  onClose,
}: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const what = version.isDeleteMarker ? 'delete marker' : 'version';

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await call('deleteVersion', {
        sessionId,
        bucket,
        key: objectKey,
        versionId: version.versionId,
        confirmed: true,
      });
      onDeleted();
    } catch (err) {
      setError(toAppError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Delete this ${what} for good?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" data-autofocus onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => void remove()}
          >
            {busy ? 'Deleting…' : `Delete ${what}`}
          </button>
        </>
      }
    >
      <p>
        <code className="object-name">{objectKey}</code>
      </p>
      <p>
        {what === 'version' ? 'Version' : 'Delete marker'} <code>{version.versionId}</code>
        {version.size !== undefined && !version.isDeleteMarker ? ` · ${formatBytes(version.size)}` : ''}
        {version.lastModified ? ` · ${formatExactTime(version.lastModified)}` : ''}
      </p>
      <p>{consequence(version, next)} This cannot be undone.</p>
      {error ? <ErrorNotice error={error} title="Could not delete it" /> : null}
    </Dialog>
  );
}
