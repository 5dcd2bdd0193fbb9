import { newRow, type Row } from './edit-form';

interface Props {
  /** "Metadata" or "Tag": names the inputs for screen readers and tests. */
  readonly noun: string;
  readonly rows: readonly Row[];
  readonly onChange: (rows: Row[]) => void;
  /** For a selection each row may instead remove its key from every object. */
  readonly allowRemove: boolean;
  readonly keyPrefix?: string;
}

/** Editable key/value pairs with add and delete; what each means is the dialog's business. */
export function KeyValueRows({ noun, rows, onChange, allowRemove, keyPrefix }: Props) {
  const update = (id: number, change: Partial<Row>): void =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...change } : r)));

  return (
    <div className="kv-rows">
      {rows.length === 0 ? <p className="muted">None.</p> : null}
      {rows.map((row, i) => (
        <div key={row.id} className="kv-row">
          {keyPrefix ? <span className="kv-row__prefix mono">{keyPrefix}</span> : null}
          <input
            className="input mono"
            aria-label={`${noun} key ${i + 1}`}
            value={row.key}
            spellCheck={false}
            onChange={(e) => update(row.id, { key: e.target.value })}
          />
          {allowRemove ? (
            <select
              className="input"
              aria-label={`${noun} ${i + 1} action`}
              value={row.remove ? 'remove' : 'set'}
              onChange={(e) => update(row.id, { remove: e.target.value === 'remove' })}
            >
              <option value="set">set to</option>
              <option value="remove">remove</option>
            </select>
          ) : null}
          <input
            className="input mono"
            aria-label={`${noun} value ${i + 1}`}
            value={row.value}
            spellCheck={false}
            disabled={row.remove}
            onChange={(e) => update(row.id, { value: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Delete ${noun.toLowerCase()} row ${i + 1}`}
            onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="button" onClick={() => onChange([...rows, newRow()])}>
        Add {noun.toLowerCase()}
      </button>
    </div>
  );
}
