/**
 * A small INI parser for the AWS shared config and credentials files.
 *
 * Why not `@smithy/shared-ini-file-loader`: it does not export `parseIni`, reports no line
 * numbers and throws on some names. This one never throws, keeps every section it can,
 * and reports each line it had to skip so the UI can point at it.
 *
 * Rules (the CLI's, with the SDK's choices where the two differ, since the SDK is what
 * later reads the keys):
 * - `#` or `;` starts a comment at the start of a line, or after whitespace (the SDK's
 *   inline comments), so `https://host/#x` keeps its `#`.
 * - `key = value` or `key: value`, split at the first `=` or `:` (Python's configparser, which
 *   botocore uses), both sides trimmed; the key is lower-cased as configparser does, so
 *   `Role_Arn = …` is `role_arn`. Lines of a nested block take `=` only and keep their case,
 *   as botocore's own nested-value reader does.
 * - `key =` with an empty value followed by indented `sub = value` lines is a nested block
 *   (`s3 =\n  endpoint_url = …`); the first unindented line ends it.
 * - A repeated section is merged into the first, later keys winning; a repeated key
 *   overwrites. The CLI rejects both, so they are reported as problems.
 * - A UTF-8 BOM is dropped; CRLF, CR and LF all end a line.
 *
 * Problem messages never quote the line: a malformed line may hold a secret key.
 */

export interface IniSection {
  /** The text between `[` and `]`, exactly as written. */
  readonly header: string;
  /** 1-based line of the header's first occurrence. */
  readonly line: number;
  readonly values: ReadonlyMap<string, string>;
  /** Nested blocks by parent key: `s3` → (`endpoint_url` → url). */
  readonly nested: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

export interface IniProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedIni {
  readonly sections: readonly IniSection[];
  readonly problems: readonly IniProblem[];
}

interface MutableSection {
  readonly header: string;
  readonly line: number;
  readonly values: Map<string, string>;
  readonly nested: Map<string, Map<string, string>>;
}

const inlineComment = /(^|\s)[#;]/;

const stripComment = (line: string): string => {
  const match = inlineComment.exec(line);
  return match ? line.slice(0, match.index) : line;
};

const isIndented = (line: string): boolean => /^[ \t]/.test(line);

/** configparser's delimiters: whichever of `=` and `:` comes first ends the option name. */
const delimiter = /[=:]/;

// Setting names are lowercase snake case; anything else might be a wrapped token, so it is not echoed.
const nameForMessage = (key: string): string => (/^[a-z0-9_]{1,64}$/.test(key) ? `key ${key}` : 'a key');

const headerForMessage = (header: string): string =>
  header.length > 80 ? `[${header.slice(0, 80)}…]` : `[${header}]`;

export function parseIni(text: string): ParsedIni {
  const sections = new Map<string, MutableSection>();
  const problems: IniProblem[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = source.split(/\r\n|\n|\r/);

  let current: MutableSection | undefined;
  // The key whose empty value opened a nested block, while its indented lines continue.
  let nestedParent: Map<string, string> | undefined;

  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const content = stripComment(raw).trim();
    if (content === '') continue;

    if (content.startsWith('[')) {
      nestedParent = undefined;
      const close = content.lastIndexOf(']');
      const header = close > 0 ? content.slice(1, close) : '';
      if (header.trim() === '') {
        problems.push({ line: lineNo, message: 'section header is not of the form [name]' });
        // Keys below a broken header must not land in the previous section.
        current = undefined;
        continue;
      }
      const existing = sections.get(header);
      if (existing) {
        problems.push({
          line: lineNo,
          message: `section ${headerForMessage(header)} repeats the one on line ${existing.line}; their keys were merged (the AWS CLI rejects this file)`,
        });
        current = existing;
      } else {
        current = { header, line: lineNo, values: new Map(), nested: new Map() };
        sections.set(header, current);
      }
      continue;
    }

    if (!current) {
      problems.push({ line: lineNo, message: 'line is not inside a [section]' });
      continue;
    }

    if (nestedParent && isIndented(raw)) {
      const eq = content.indexOf('=');
      if (eq <= 0) {
        problems.push({ line: lineNo, message: 'line of a nested block is not of the form key = value' });
        continue;
      }
      nestedParent.set(content.slice(0, eq).trim(), content.slice(eq + 1).trim());
      continue;
    }
    nestedParent = undefined;

    const split = delimiter.exec(content);
    if (!split || split.index === 0) {
      problems.push({ line: lineNo, message: 'line is not of the form key = value' });
      continue;
    }
    const key = content.slice(0, split.index).trim().toLowerCase();
    const value = content.slice(split.index + 1).trim();

    if (value === '') {
      // Possibly the start of a nested block; kept as an empty value too, as the CLI does.
      nestedParent = current.nested.get(key) ?? new Map();
      current.nested.set(key, nestedParent);
    } else if (current.values.has(key)) {
      problems.push({
        line: lineNo,
        message: `${nameForMessage(key)} repeats in section ${headerForMessage(current.header)}; the last value is used`,
      });
    }
    current.values.set(key, value);
  }

  return { sections: [...sections.values()], problems };
}
