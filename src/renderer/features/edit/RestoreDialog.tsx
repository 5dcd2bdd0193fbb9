import { useState } from 'react';
import { type RestoreTier, restoreTiers } from '../../../shared/models/objects';
import { call } from '../../lib/api';
import { ChangeDialog } from './ChangeDialog';
import { ChoiceGroup } from './ChoiceGroup';
import { restoreOutcome } from './summary';
import { type EditDialogProps, selectionOf } from './WithSingleObject';

const tierNotes: Readonly<Record<RestoreTier, string>> = {
  Expedited: '1–5 minutes from Glacier Flexible Retrieval; not offered for Deep Archive.',
  Standard: '3–5 hours from Glacier, within 12 hours from Deep Archive.',
  Bulk: '5–12 hours from Glacier, within 48 hours from Deep Archive; the cheapest.',
};

const MAX_DAYS = 36_500;

/**
 * RestoreObject for archived objects: a temporary readable copy for some days, at the
 * chosen retrieval tier. The details panel shows the restore's progress and expiry.
 */
export function RestoreDialog(props: EditDialogProps) {
  const [tier, setTier] = useState<RestoreTier>('Standard');
  const [daysText, setDaysText] = useState('7');
  const days = Number(daysText);
  const valid = Number.isInteger(days) && days >= 1 && days <= MAX_DAYS;

  return (
    <ChangeDialog
      title="Restore from archive"
      {...props}
      changes={
        valid ? [`Restore for ${days} day${days === 1 ? '' : 's'}`, `Retrieval tier: ${tier}`] : undefined
      }
      problem={valid ? undefined : `Days must be a whole number from 1 to ${MAX_DAYS.toLocaleString()}.`}
      verb="Restore"
      warning="Retrievals are billed per GB by tier. Objects that are not archived are skipped."
      apply={async () =>
        restoreOutcome(
          await call('restoreObjects', {
            ...selectionOf(props),
            days,
            tier,
          }),
        )
      }
    >
      <ChoiceGroup
        legend="Retrieval tier"
        name="tier"
        options={restoreTiers}
        notes={tierNotes}
        value={tier}
        onChange={setTier}
      />
      <div className="change-form__field">
        <label htmlFor="restore-days">Days the restored copy stays available</label>
        <input
          id="restore-days"
          className="input"
          type="number"
          min={1}
          max={MAX_DAYS}
          value={daysText}
          onChange={(e) => setDaysText(e.target.value)}
        />
      </div>
    </ChangeDialog>
  );
}
