import { type FormEvent, useEffect, useState } from 'react';
import type { PaneId } from '../../stores/workspace-store';
import { formatAddress, type Location, parseAddress } from './address';

interface Props {
  readonly paneId: PaneId;
  readonly location: Location;
  readonly onGo: (location: Location) => void;
}

const inputId = (paneId: PaneId): string => `${paneId}-address`;

/** Go to Location…: selects the whole address so typing replaces it. */
export function focusAddress(paneId: PaneId): void {
  const input = document.getElementById(inputId(paneId));
  if (input instanceof HTMLInputElement) {
    input.focus();
    input.select();
  }
}

/** Accepts `s3://bucket/prefix/` and `bucket/prefix`, as people paste both from the CLI and the Console. */
export function AddressBar({ paneId, location, onGo }: Props) {
  const shown = formatAddress(location);
  const [text, setText] = useState(shown);
  // A navigation elsewhere (breadcrumb, back) replaces whatever was half-typed.
  useEffect(() => setText(shown), [shown]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onGo(parseAddress(text));
  };

  return (
    <form className="address-bar" onSubmit={submit} aria-label="Go to S3 address">
      <input
        id={inputId(paneId)}
        className="input mono address-bar__input"
        aria-label="S3 address"
        value={text}
        spellCheck={false}
        placeholder="s3://bucket/prefix/"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setText(shown);
        }}
      />
    </form>
  );
}
