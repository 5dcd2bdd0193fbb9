import { useState } from 'react';
import type { ObjectDetails } from '../../../shared/models/s3';
import { call } from '../../lib/api';
import { ChangeDialog } from './ChangeDialog';
import {
  describeHeaderPatch,
  describeMapPatch,
  type HeaderChoice,
  type HeaderChoices,
  headerFields,
  headerPatch,
  initialHeaders,
  mapPatch,
  metadataRules,
  rowsOf,
  rowsProblem,
  wirePatch,
} from './edit-form';
import { KeyValueRows } from './KeyValueRows';
import { editOutcome } from './summary';
import { type EditDialogProps, selectionOf, WithSingleObject } from './WithSingleObject';

const TITLE = 'Edit metadata';
const lowerCase = (key: string): string => key.toLowerCase();

export function MetadataDialog(props: EditDialogProps) {
  return (
    <WithSingleObject title={TITLE} {...props}>
      {(details) => <MetadataForm {...props} details={details} />}
    </WithSingleObject>
  );
}

/**
 * Content-Type, Cache-Control, Content-Disposition, Content-Encoding, Content-Language and
 * user metadata. S3 changes them only by copying the object onto itself, which main does
 * keeping its tags, ACL, encryption and storage class.
 */
function MetadataForm({ details, ...props }: EditDialogProps & { details?: ObjectDetails }) {
  const [headers, setHeaders] = useState<HeaderChoices>(() => initialHeaders(details));
  const [rows, setRows] = useState(() => rowsOf(details?.metadata));
  const single = details !== undefined;

  const problem = rowsProblem(rows, metadataRules, single);
  const headerChange = headerPatch(headers, details);
  const metadataChange = problem ? undefined : mapPatch(rows, details?.metadata, false, lowerCase);
  const changes =
    problem || (!headerChange && !metadataChange)
      ? undefined
      : [
          ...(headerChange ? describeHeaderPatch(headerChange) : []),
          ...(metadataChange ? describeMapPatch('User metadata', metadataChange) : []),
        ];
  const setHeader = (name: keyof HeaderChoices, change: Partial<HeaderChoice>): void =>
    setHeaders({ ...headers, [name]: { ...headers[name], ...change } });

  return (
    <ChangeDialog
      title={TITLE}
      {...props}
      changes={changes}
      problem={problem}
      verb="Update"
      warning="Each object is copied onto itself: its Last modified date changes, and a versioned bucket keeps the old version."
      apply={async () =>
        editOutcome(
          await call('editObjects', {
            ...selectionOf(props),
            ...(headerChange ? { headers: headerChange } : {}),
            ...(metadataChange ? { metadata: wirePatch(metadataChange) } : {}),
          }),
          'Updated the metadata of',
        )
      }
    >
      <fieldset className="change-form__group">
        <legend>System-defined</legend>
        {headerFields.map(({ name, label, example }) => (
          <div key={name} className="change-form__field">
            <label htmlFor={`header-${name}`}>{label}</label>
            {single ? null : (
              <select
                className="input"
                aria-label={`${label} change`}
                value={headers[name].mode}
                onChange={(e) => setHeader(name, { mode: e.target.value as HeaderChoice['mode'] })}
              >
                <option value="keep">keep as is</option>
                <option value="set">set to</option>
                <option value="remove">remove</option>
              </select>
            )}
            <input
              id={`header-${name}`}
              className="input mono"
              value={headers[name].value}
              placeholder={`e.g. ${example}`}
              spellCheck={false}
              disabled={!single && headers[name].mode === 'remove'}
              // Typing a value for a selection means "set to" it.
              onChange={(e) =>
                setHeader(name, single ? { value: e.target.value } : { value: e.target.value, mode: 'set' })
              }
            />
          </div>
        ))}
      </fieldset>
      <fieldset className="change-form__group">
        <legend>User-defined (x-amz-meta-)</legend>
        {single ? null : (
          <p className="muted">Keys set here are added or replaced on every object; other keys stay.</p>
        )}
        <KeyValueRows
          noun="Metadata"
          rows={rows}
          onChange={setRows}
          allowRemove={!single}
          keyPrefix="x-amz-meta-"
        />
      </fieldset>
    </ChangeDialog>
  );
}
