import { type FormEvent, useId, useState } from 'react';
import { type Location, parseAddress } from './address';

interface Props {
  readonly onOpen: (location: Location) => void;
}

/**
 * Cross-account roles are often granted s3:ListBucket on one bucket and nothing that lists
 * buckets, so the bucket has to be reachable by name.
 */
export function OpenBucketBox({ onOpen }: Props) {
  const [text, setText] = useState('');
  const inputId = useId();
  const target = parseAddress(text);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (target.bucket !== undefined) onOpen(target);
  };

  return (
    <form className="open-bucket" onSubmit={submit}>
      <label htmlFor={inputId} className="field__label">
        Open bucket by name
      </label>
      <input
        id={inputId}
        className="input mono"
        placeholder="my-bucket or s3://my-bucket/folder/"
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button" disabled={target.bucket === undefined}>
        Open
      </button>
    </form>
  );
}
