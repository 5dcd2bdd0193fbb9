/**
 * The one clipboard rule of the window. Secret-bearing text (presigned URLs, env exports, a
 * statement with an external ID) is copied by main and never crosses IPC; text the window
 * holds anyway and that carries no secret (addresses, links, commands) the page copies itself.
 * Either way the copy ends in a receipt that says where the text went, and `copiedMessage`
 * says it in the same words everywhere: in the browser shell, whose page cannot reach the
 * system clipboard, main's copies go elsewhere and the window names where.
 */
import type { CopyReceipt } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/models/errors';
import { ApiError } from './api';

const ON_CLIPBOARD: CopyReceipt = { copied: true, onClipboard: true, copiedTo: 'the clipboard' };

/**
 * Puts non-secret text on the clipboard from the page. Call it from the click handler itself:
 * the clipboard only accepts writes during a user gesture.
 */
export async function writeClipboard(text: string): Promise<CopyReceipt> {
  const refused: AppError = {
    code: 'internal',
    message: 'The system refused access to the clipboard.',
    hints: ['Select the text and copy it by hand.'],
  };
  // Without a secure context the API is missing altogether rather than refusing.
  if (!navigator.clipboard) throw new ApiError(refused);
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    throw new ApiError(refused);
  }
  return ON_CLIPBOARD;
}

/**
 * `Copied the URL to the clipboard.`, or where the browser shell put it instead. `secret`: the
 * text was never shown, and the browser shell says it never reached the page either.
 */
export function copiedMessage(
  what: string,
  receipt: CopyReceipt,
  options: { secret?: boolean } = {},
): string {
  const away = !receipt.onClipboard && options.secret ? ' It never reaches this page.' : '';
  return `Copied ${what} to ${receipt.copiedTo}.${away}`;
}
