import { type FormEvent, useEffect, useId, useState } from 'react';
import type { PaneId } from '../../stores/workspace-store';
import { formatAddress, type Location } from './address';

interface Props {
  readonly paneId: PaneId;
  readonly location: Location;
  /** Opens what was typed; resolves to why it could not, if it could not. */
  readonly onGo: (text: string) => Promise<string | undefined>;
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

/**
 * Accepts every form people paste: `s3://…`, `bucket/key`, S3 HTTPS URLs (virtual-hosted or
 * path-style, with region), Console pages and S3 ARNs; and a bookmark's name.
 */
export function AddressBar({ paneId, location, onGo }: Props) {
  const shown = formatAddress(location);
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState<string>();
  const problemId = useId();

  // A navigation elsewhere (breadcrumb, back) replaces whatever was half-typed.
  useEffect(() => {
    setText(shown);
    setProblem(undefined);
  }, [shown]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void onGo(text).then(setProblem);
  };

  return (
    <form className="address-bar" onSubmit={submit} aria-label="Go to S3 address">
      <input
        id={inputId(paneId)}
        className="input mono address-bar__input"
        aria-label="S3 address"
        aria-invalid={problem !== undefined}
        aria-describedby={problem ? problemId : undefined}
        value={text}
        spellCheck={false}
        placeholder="s3://bucket/prefix/, an S3 or Console URL, an ARN or a bookmark"
        onChange={(e) => {
          setText(e.target.value);
          setProblem(undefined);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText(shown);
            setProblem(undefined);
          }
        }}
      />
      {problem ? (
        <p id={problemId} className="address-bar__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
