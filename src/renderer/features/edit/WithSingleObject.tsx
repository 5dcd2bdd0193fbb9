import type { ReactNode } from 'react';
import type { ObjectDetails } from '../../../shared/models/s3';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { SelectionPayload } from '../operations/selection';
import { useSingleObject } from './use-single-object';

export interface EditDialogProps {
  readonly sessionId: string;
  readonly bucket: string;
  readonly selection: SelectionPayload;
  readonly onApplied: () => void;
  readonly onClose: () => void;
}

/** The selection part of an editObjects or restoreObjects request. */
export const selectionOf = ({ sessionId, bucket, selection }: EditDialogProps) => ({
  sessionId,
  bucket,
  keys: [...selection.keys],
  prefixes: [...selection.prefixes],
});

interface Props extends EditDialogProps {
  readonly title: string;
  /** Gets the one object's details, or undefined for a selection. */
  readonly children: (details: ObjectDetails | undefined) => ReactNode;
}

/** Reads the one selected object before its form opens, so the form starts from its values. */
export function WithSingleObject({ title, sessionId, bucket, selection, onClose, children }: Props) {
  const single = useSingleObject(sessionId, bucket, selection);
  if (single.status === 'loading' || single.status === 'error') {
    return (
      <Dialog title={title} onClose={onClose}>
        {single.status === 'loading' ? (
          <p aria-live="polite">Reading the object…</p>
        ) : (
          <ErrorNotice error={single.error} title="Could not read the object" />
        )}
      </Dialog>
    );
  }
  return <>{children(single.status === 'ready' ? single.details : undefined)}</>;
}
