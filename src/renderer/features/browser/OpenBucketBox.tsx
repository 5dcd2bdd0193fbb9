import { type FormEvent, useId, useState } from 'react';
import { parseS3Address } from '../../../shared/s3-address/parse';

interface Props {
  /** Opens what was typed; resolves to why it could not, if it could not. */
  readonly onOpen: (text: string) => Promise<string | undefined>;
}

/**
 * Cross-account roles are often granted s3:ListBucket on one bucket and nothing that lists
 * buckets, so the bucket has to be reachable by name (or by any address form of it).
 */
export function OpenBucketBox({ onOpen }: Props) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const inputId = useId();
  const parsed = parseS3Address(text);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (parsed.type === 'address') void onOpen(text).then(setProblem);
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
        aria-invalid={parsed.type === 'invalid' || problem !== undefined}
        title={parsed.type === 'invalid' ? parsed.message : problem}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(undefined);
        }}
      />
      <button type="submit" className="button" disabled={parsed.type !== 'address'}>
        Open
      </button>
    </form>
  );
}
