import { existsSync } from 'node:fs';
import { configFilePaths, type Env } from '../profiles/read-config-files';

/** What `npm run start:browser` tells its terminal, and the words the window uses for it. */

/** Where main's copies go in the user's browser shell (the window names it on every copy). */
export const COPIES_TO = 'the terminal running npm run start:browser (your clipboard is unchanged)';

/** What the window says when asked to upload without a drop folder. */
export const NO_DROP_FOLDER =
  'To upload from the browser shell, start it with --drop-folder <folder>: files dropped on the object list are looked up there by name.';

export interface UserShellFacts {
  readonly env: Env;
  readonly profileVariable?: string;
  readonly dataDir: string;
  readonly elsewhere?: { readonly appDataDir: string; readonly heldBy: string };
  readonly dropFolder?: string;
  readonly askedPort: number;
  readonly port: number;
  readonly url: string;
}

const fileState = (path: string): string =>
  existsSync(path) ? path : `${path} (does not exist: no profiles from it; the window says so too)`;

export function describeUserShell(facts: UserShellFacts): string {
  const files = configFilePaths(facts.env);
  const lines = [
    'Crossbucket in your browser (the browser shell), on your AWS configuration:',
    `  AWS config:       ${fileState(files.config)}`,
    `  AWS credentials:  ${fileState(files.credentials)}`,
    ...(facts.profileVariable ? [`  AWS_PROFILE:      ${facts.profileVariable}`] : []),
  ];
  if (facts.elsewhere) {
    lines.push(
      `  Data folder:      ${facts.dataDir}, for this run only. ${facts.elsewhere.appDataDir} is in use by`,
      `                    ${facts.elsewhere.heldBy}; this run started from a copy of its settings and bookmarks.`,
      '                    Bookmarks and settings changed here are not kept, and transfers interrupted here do',
      '                    not resume next time.',
    );
  } else {
    lines.push(
      `  Data folder:      ${facts.dataDir} (settings, bookmarks, transfer journal: the desktop app's own)`,
    );
  }
  lines.push(
    facts.dropFolder
      ? `  Drop folder:      ${facts.dropFolder} (files dropped on the page are looked up here by name;`
      : '  Drop folder:      none, so nothing can be uploaded: start with --drop-folder <folder> to upload',
    facts.dropFolder
      ? '                    the page may upload anything in it: keep in it only what you mean to upload)'
      : '                    from it',
  );
  if (facts.port !== facts.askedPort)
    lines.push(
      '',
      `Port ${facts.askedPort} is in use (another browser shell?); listening on port ${facts.port} instead.`,
    );
  lines.push(
    '',
    'What works differently from the desktop app:',
    '  - File dialogs: a web page cannot open them. Upload by dropping files from the drop folder;',
    '    "Download" saves into the download folder of Settings (~/Downloads unless changed there),',
    '    and "Download to…", moving that folder and bookmark export/import are not available.',
    '  - Clipboard: what Crossbucket copies itself (presigned URLs, env exports, policy statements,',
    '    profile blocks) is printed here, never handed to the page; keys and addresses the page',
    '    copies go to your clipboard as usual.',
    '  - Drag-out: rows cannot be dragged to your desktop; use Download.',
    '  - Sign-in pages (IAM Identity Center, the AWS Console) are printed here for you to open.',
    '',
    'Open in Chromium or Chrome on this computer:',
    '',
    `  ${facts.url}`,
    '',
    'The token after # lets only this page drive this shell: anyone with the full address can use',
    'your AWS credentials through it until you stop the shell. Press Ctrl+C to stop.',
  );
  return lines.join('\n');
}
