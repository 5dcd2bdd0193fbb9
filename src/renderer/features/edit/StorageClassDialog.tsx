import { useState } from 'react';
import { type StorageClassName, storageClasses } from '../../../shared/models/objects';
import { call } from '../../lib/api';
import { ChangeDialog } from './ChangeDialog';
import { ChoiceGroup } from './ChoiceGroup';
import { editOutcome } from './summary';
import { type EditDialogProps, selectionOf } from './WithSingleObject';

/** One line each, what a user weighs when choosing. */
const classNotes: Readonly<Record<StorageClassName, string>> = {
  STANDARD: 'Frequent access, no retrieval fee.',
  INTELLIGENT_TIERING: 'Moves between tiers by access pattern; small monthly monitoring fee.',
  STANDARD_IA: 'Infrequent access: retrieval fee, 30-day and 128 KiB minimums.',
  ONEZONE_IA: 'Like Standard-IA in a single Availability Zone.',
  GLACIER_IR: 'Archive with millisecond reads: 90-day minimum.',
  GLACIER: 'Glacier Flexible Retrieval: must be restored (minutes to hours) before reading; 90-day minimum.',
  DEEP_ARCHIVE: 'Cheapest: must be restored (12–48 hours) before reading; 180-day minimum.',
};

/** A new storage class is a copy of each object onto itself with that class. */
export function StorageClassDialog(props: EditDialogProps) {
  const [chosen, setChosen] = useState<StorageClassName>();
  return (
    <ChangeDialog
      title="Change storage class"
      {...props}
      changes={chosen ? [`Storage class: ${chosen}`] : undefined}
      verb="Move"
      warning="Each object is copied onto itself with the new class, keeping its metadata, tags, ACL and encryption. Archived objects must be restored before they can move out of their class."
      apply={async () =>
        editOutcome(
          await call('editObjects', {
            ...selectionOf(props),
            ...(chosen ? { storageClass: chosen } : {}),
          }),
          'Changed the storage class of',
        )
      }
    >
      <ChoiceGroup
        legend="Storage class"
        name="storage-class"
        options={storageClasses}
        notes={classNotes}
        value={chosen}
        onChange={setChosen}
      />
    </ChangeDialog>
  );
}
