import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import type { MfaPrompt } from '../../../shared/models/session';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { call, toAppError } from '../../lib/api';
import { useMfaStore } from '../../stores/mfa-store';
import './mfa-dialog.css';

/** Digits only, at most six: pasting "123 456" or "123-456" from an authenticator just works. */
const toCode = (text: string): string => text.replace(/\D/g, '').slice(0, 6);

/**
 * Answers main's MFA prompts one at a time (see stores/mfa-store.ts). A rejected code comes
 * back as a new `mfaRequired` for the same step (attempt + 1, with the error), which replaces
 * the prompt shown here; `mfaSettled` removes it whichever way it ended.
 */
export function MfaDialog() {
  const prompt = useMfaStore((s) => s.prompts[0]);
  const dismiss = useMfaStore((s) => s.dismiss);
  if (!prompt) return null;
  // Keyed by prompt and attempt so a retry starts with an empty, focused input.
  return <MfaForm key={`${prompt.promptId}:${prompt.attempt}`} prompt={prompt} onGone={dismiss} />;
}

interface FormProps {
  readonly prompt: MfaPrompt;
  readonly onGone: (promptId: string) => void;
}

function MfaForm({ prompt, onGone }: FormProps) {
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError | undefined>(prompt.error);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (code.length !== 6 || pending) return;
    setPending(true);
    setError(undefined);
    try {
      // Main answers with mfaSettled (accepted) or a new mfaRequired (rejected); both
      // replace this form, so on success there is nothing more to do here.
      await call('answerMfa', { promptId: prompt.promptId, code });
    } catch (err) {
      setError(toAppError(err));
      setPending(false);
      inputRef.current?.focus();
    }
  };

  const cancel = (): void => {
    onGone(prompt.promptId);
    void call('cancelMfa', { promptId: prompt.promptId }).catch(() => undefined);
  };

  return (
    <Dialog
      title="MFA code required"
      onClose={cancel}
      footer={
        <>
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
          <button
            type="submit"
            form="mfa-form"
            className="button button--primary"
            disabled={code.length !== 6 || pending}
          >
            {pending ? 'Checking…' : 'Submit'}
          </button>
        </>
      }
    >
      <dl className="mfa__facts">
        <dt>Profile</dt>
        <dd>{prompt.profile}</dd>
        <dt>Role</dt>
        <dd className="mono">{prompt.roleArn}</dd>
        <dt>MFA device</dt>
        <dd className="mono">{prompt.mfaSerial}</dd>
      </dl>
      <form id="mfa-form" className="field" onSubmit={(e) => void submit(e)}>
        <label className="field__label" htmlFor="mfa-code">
          6-digit code from your authenticator
        </label>
        <input
          ref={inputRef}
          id="mfa-code"
          className="input mfa__code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={12}
          spellCheck={false}
          value={code}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setCode(toCode(e.target.value))}
        />
        {prompt.attempt > 1 ? <span className="field__hint">Attempt {prompt.attempt}</span> : null}
      </form>
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
