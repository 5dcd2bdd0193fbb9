/**
 * CSV and TSV as the preview's table: RFC 4180 quoting (quoted fields, doubled quotes,
 * separators and line breaks inside quotes), `\n` or `\r\n` line ends. Runs on the loaded
 * text only, so when more is to come the last, possibly cut, record is held back.
 */
export interface Table {
  readonly rows: readonly (readonly string[])[];
  /** More records were loaded than `maxRows`. */
  readonly truncated: boolean;
}

export function parseDelimited(
  text: string,
  separator: ',' | '\t',
  complete: boolean,
  maxRows: number,
): Table {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endRow = (): boolean => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
    return rows.length > maxRows;
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
    } else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (endRow()) return { rows: rows.slice(0, maxRows), truncated: true };
    } else {
      field += c;
    }
    i++;
  }
  // The text ends inside a record: keep it only if nothing more will be loaded.
  if (complete && (field !== '' || row.length > 0)) endRow();
  return { rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
}
