import { useState } from 'react';

/** Children shown per object or array before "… n more". */
const SHOWN_CHILDREN = 500;
/** Levels open at first; deeper ones open on click. */
const OPEN_DEPTH = 2;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface NodeProps {
  readonly name?: string;
  readonly value: Json;
  readonly depth: number;
}

function Scalar({ value }: { value: null | boolean | number | string }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  return <span className="json-boolean">{String(value)}</span>;
}

function Label({ name }: { name?: string }) {
  return name === undefined ? null : <span className="json-key">{JSON.stringify(name)}: </span>;
}

/**
 * One value of the tree. Children are rendered only while open, so a huge or deeply nested
 * document costs what is on screen, not what was parsed. Everything is a text node.
 */
function JsonNode({ name, value, depth }: NodeProps) {
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  if (value === null || typeof value !== 'object') {
    return (
      <li className="json-leaf">
        <Label name={name} />
        <Scalar value={value} />
      </li>
    );
  }
  const entries: [string | undefined, Json][] = Array.isArray(value)
    ? value.map((v) => [undefined, v])
    : Object.entries(value);
  const [openMark, closeMark] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const count = Array.isArray(value) ? `${entries.length} items` : `${entries.length} keys`;
  return (
    <li className="json-branch">
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <Label name={name} />
          {openMark}
          {open ? null : <span className="muted"> {count} </span>}
          {open ? null : closeMark}
        </summary>
        {open ? (
          <>
            <ul className="json-children">
              {entries.slice(0, SHOWN_CHILDREN).map(([key, child], i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: positions are the identity of a parsed document
                <JsonNode key={i} name={key} value={child} depth={depth + 1} />
              ))}
              {entries.length > SHOWN_CHILDREN ? (
                <li className="muted">… {entries.length - SHOWN_CHILDREN} more</li>
              ) : null}
            </ul>
            <span>{closeMark}</span>
          </>
        ) : null}
      </details>
    </li>
  );
}

export function JsonTree({ value }: { value: unknown }) {
  return (
    <ul className="json-tree" aria-label="JSON tree">
      <JsonNode value={value as Json} depth={0} />
    </ul>
  );
}
