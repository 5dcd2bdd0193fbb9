import { useMemo, useState } from 'react';
import type { TextFormat } from '../../../shared/models/objects';
import { parseDelimited } from './delimited';
import { JsonTree } from './JsonTree';

/** Rows the table shows; the rest of what was loaded stays in the raw view. */
const TABLE_ROWS = 1000;
/** Parsing larger documents for the tree would stall the window; they stay text. */
const MAX_TREE_CHARS = 4 * 1024 * 1024;

interface Props {
  readonly format: TextFormat;
  readonly text: string;
  /** Everything was loaded: a document can be parsed, a last record is whole. */
  readonly complete: boolean;
}

type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

function parseJson(text: string, complete: boolean): Parsed {
  if (!complete) return { ok: false, reason: 'Load the rest to see it as a tree.' };
  if (text.length > MAX_TREE_CHARS) return { ok: false, reason: 'Too large for the tree: shown as text.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return {
      ok: false,
      reason: `Not valid JSON (${err instanceof Error ? err.message : String(err)}): shown as text.`,
    };
  }
}

function Raw({ text, wrap }: { text: string; wrap: boolean }) {
  // A text node: whatever the object holds, React inserts it as characters, never as markup.
  return <pre className={wrap ? 'preview__text preview__text--wrap' : 'preview__text'}>{text}</pre>;
}

/** Text in the layout its format suggests; markup (HTML, XML, SVG source) always as source. */
export function TextView({ format, text, complete }: Props) {
  const [raw, setRaw] = useState(false);
  const [wrap, setWrap] = useState(format === 'markdown' || format === 'plain');
  const json = useMemo(
    () => (format === 'json' ? parseJson(text, complete) : undefined),
    [format, text, complete],
  );
  const table = useMemo(
    () =>
      format === 'csv' || format === 'tsv'
        ? parseDelimited(text, format === 'csv' ? ',' : '\t', complete, TABLE_ROWS)
        : undefined,
    [format, text, complete],
  );
  const structured = (json?.ok === true || (table !== undefined && table.rows.length > 0)) && !raw;

  return (
    <div className="preview__textview">
      <div className="preview__tools">
        {json?.ok || table ? (
          <button type="button" className="button" aria-pressed={raw} onClick={() => setRaw(!raw)}>
            {raw ? (json ? 'Show tree' : 'Show table') : 'Show raw text'}
          </button>
        ) : null}
        {!structured ? (
          <label className="preview__wrap">
            <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
          </label>
        ) : null}
        {format === 'html' ? (
          <span className="muted">HTML is shown as source; it is never rendered.</span>
        ) : null}
        {json && !json.ok ? <span className="muted">{json.reason}</span> : null}
      </div>
      {json?.ok && !raw ? <JsonTree value={json.value} /> : null}
      {table && table.rows.length > 0 && !raw ? (
        <Table rows={table.rows} truncated={table.truncated} />
      ) : null}
      {structured ? null : <Raw text={text} wrap={wrap} />}
    </div>
  );
}

function Table({ rows, truncated }: { rows: readonly (readonly string[])[]; truncated: boolean }) {
  const [head, ...body] = rows;
  const columns = Math.max(...rows.map((r) => r.length));
  const cells = (row: readonly string[]) => Array.from({ length: columns }, (_, i) => row[i] ?? '');
  return (
    <div className="preview__table-wrap">
      <table className="preview__table">
        <thead>
          <tr>
            <th scope="col" className="preview__rownum">
              #
            </th>
            {cells(head ?? []).map((cell, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <th key={i} scope="col" title={cell}>
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
            <tr key={r}>
              <td className="preview__rownum">{r + 1}</td>
              {cells(row).map((cell, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <td key={i} title={cell}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {truncated ? (
        <p className="muted">The table shows the first {TABLE_ROWS.toLocaleString()} rows.</p>
      ) : null}
    </div>
  );
}
