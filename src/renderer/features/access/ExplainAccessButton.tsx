import { useState } from 'react';
import type { AppError } from '../../../shared/models/errors';
import { AccessExplanationDialog } from './AccessExplanationDialog';
import { useAccessScope } from './access-scope';

/** Shown on every error that carries an AccessDenied reason: opens the explanation. */
export function ExplainAccessButton({ error }: { readonly error: AppError }) {
  const scope = useAccessScope();
  const [open, setOpen] = useState(false);
  if (!error.access) return null;
  return (
    <>
      <button type="button" className="link-button error-notice__explain" onClick={() => setOpen(true)}>
        Which account must change what?
      </button>
      {open ? (
        <AccessExplanationDialog
          denial={error.access}
          {...(scope.sessionId ? { sessionId: scope.sessionId } : {})}
          {...(scope.prefix ? { scopePrefix: scope.prefix } : {})}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
