import { useState } from 'react';
import type { ObjectDetails } from '../../../shared/models/s3';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call } from '../../lib/api';
import { ChangeDialog } from './ChangeDialog';
import { describeMapPatch, mapPatch, rowsOf, rowsProblem, tagRules, wirePatch } from './edit-form';
import { KeyValueRows } from './KeyValueRows';
import { editOutcome } from './summary';
import { type EditDialogProps, selectionOf, WithSingleObject } from './WithSingleObject';

const TITLE = 'Edit tags';

export function TagsDialog(props: EditDialogProps) {
  return (
    <WithSingleObject title={TITLE} {...props}>
      {(details) => <TagsForm {...props} details={details} />}
    </WithSingleObject>
  );
}

/** Tags change in place (PutObjectTagging): no copy, no new version. */
function TagsForm({ details, ...props }: EditDialogProps & { details?: ObjectDetails }) {
  const [rows, setRows] = useState(() => rowsOf(details?.tags));
  const [replaceAll, setReplaceAll] = useState(false);
  // One object whose tags could not be read: editing blind would replace them all.
  const unreadable = details?.tagsError;
  const single = details !== undefined;
  const problem = rowsProblem(rows, tagRules, single);
  const patch =
    problem || unreadable
      ? undefined
      : mapPatch(rows, details ? (details.tags ?? {}) : undefined, replaceAll);

  return (
    <ChangeDialog
      title={TITLE}
      {...props}
      changes={patch ? describeMapPatch('Tags', patch) : undefined}
      problem={problem}
      verb="Tag"
      apply={async () =>
        editOutcome(
          await call('editObjects', {
            ...selectionOf(props),
            tags: wirePatch(patch ?? { set: {}, remove: [], replaceAll: false }),
          }),
          'Updated the tags of',
        )
      }
    >
      {unreadable ? <ErrorNotice error={unreadable} title="The tags could not be read" compact /> : null}
      <fieldset className="change-form__group">
        <legend>Tags</legend>
        {single ? (
          <p className="muted">Up to 10 tags. Saving replaces the object's tags with these.</p>
        ) : (
          <>
            <p className="muted">Set or remove these keys on every object; S3 allows 10 tags per object.</p>
            <label className="change-form__check">
              <input type="checkbox" checked={replaceAll} onChange={(e) => setReplaceAll(e.target.checked)} />{' '}
              Replace all existing tags with these
            </label>
          </>
        )}
        <KeyValueRows noun="Tag" rows={rows} onChange={setRows} allowRemove={!single && !replaceAll} />
      </fieldset>
    </ChangeDialog>
  );
}
