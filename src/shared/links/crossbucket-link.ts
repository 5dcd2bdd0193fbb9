/**
 * `crossbucket://` links, as the OS hands them to the app (a click in a browser, chat or
 * wiki). A link only navigates: it names a bookmark, or a profile plus an S3 address. It
 * never carries credentials, nor asks for a download, upload or delete.
 *
 *   crossbucket://bookmark/<name>
 *   crossbucket://open?profile=<profile>&address=<any S3 address form>
 */
import { parseS3Address, type S3Address } from '../s3-address/parse';

export const LINK_SCHEME = 'crossbucket';
const MAX_LINK_LENGTH = 4096;
const PROFILE_NAME = /^[^\s\p{Cc}]{1,256}$/u;

export type LinkAction =
  | { readonly kind: 'bookmark'; readonly name: string }
  | { readonly kind: 'location'; readonly profile: string; readonly address: S3Address };

export type ParsedLink =
  | { readonly ok: true; readonly action: LinkAction }
  | { readonly ok: false; readonly message: string };

const refuse = (message: string): ParsedLink => ({ ok: false, message });

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export function parseCrossbucketLink(url: string): ParsedLink {
  if (url.length > MAX_LINK_LENGTH) return refuse('That link is too long to be a Crossbucket link.');
  const match = /^crossbucket:\/\/([^/?#]*)(\/[^?#]*)?(\?[^#]*)?(#.*)?$/i.exec(url.trim());
  if (!match) return refuse('That is not a crossbucket:// link.');
  const [, host = '', path = '', search = ''] = match;
  const what = host.toLowerCase();
  if (what === 'bookmark') {
    const name = decoded(path.replace(/^\//, '').replace(/\/$/, ''));
    if (!name || name.trim() === '') return refuse('The link names no bookmark.');
    return { ok: true, action: { kind: 'bookmark', name } };
  }
  if (what === 'open') {
    const query = new URLSearchParams(search.slice(1));
    const profile = query.get('profile') ?? '';
    const address = query.get('address') ?? '';
    if (!PROFILE_NAME.test(profile)) return refuse('The link names no usable profile.');
    const parsed = parseS3Address(address);
    if (parsed.type === 'invalid') return refuse(`The link's address: ${parsed.message}`);
    if (parsed.type === 'root') return refuse('The link names no bucket.');
    return { ok: true, action: { kind: 'location', profile, address: parsed.address } };
  }
  return refuse(`Crossbucket links open a bookmark or a location, not “${host}”.`);
}

export const formatBookmarkLink = (name: string): string =>
  `${LINK_SCHEME}://bookmark/${encodeURIComponent(name)}`;

export const formatLocationLink = (profile: string, s3Uri: string): string =>
  `${LINK_SCHEME}://open?profile=${encodeURIComponent(profile)}&address=${encodeURIComponent(s3Uri)}`;

/** The link among a process's arguments (Windows and Linux start a second instance with it). */
export const linkInArgs = (args: readonly string[]): string | undefined =>
  args.find((a) => a.toLowerCase().startsWith(`${LINK_SCHEME}://`));
