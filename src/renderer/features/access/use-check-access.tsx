import { type ReactNode, useState } from 'react';
import { CheckAccessDialog } from './CheckAccessDialog';

/** The Check access dialog of a pane's folder: `open()` for the folder, `open(key)` for an object. */
export function useCheckAccess(
  sessionId: string,
  bucket: string,
  prefix: string,
): { readonly open: (objectKey?: string) => void; readonly dialog: ReactNode } {
  const [target, setTarget] = useState<{ readonly key?: string }>();
  const dialog = target ? (
    <CheckAccessDialog
      sessionId={sessionId}
      bucket={bucket}
      prefix={prefix}
      {...(target.key ? { objectKey: target.key } : {})}
      onClose={() => setTarget(undefined)}
    />
  ) : null;
  return { open: (key) => setTarget(key ? { key } : {}), dialog };
}
