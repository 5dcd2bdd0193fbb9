import type { AppError } from '../../shared/models/errors';
import { ApiError } from './api';

/**
 * Puts non-secret text (keys, addresses, commands) on the clipboard from the page. Call it
 * from the click handler itself: the clipboard only accepts writes during a user gesture.
 * Secret-bearing text (presigned URLs, exports) goes through main instead.
 */
export async function writeClipboard(text: string): Promise<void> {
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
}
