import type { AppError } from '../../shared/models/errors';
import { type IniProblem, type IniSection, parseIni } from './parse-ini';
import { splitWords } from './split-words';

export type Settings = ReadonlyMap<string, string>;

/** One profile's settings from both files, the credentials file winning key by key (as in botocore). */
export interface RawProfile {
  readonly name: string;
  readonly values: Settings;
  /** Nested blocks such as `s3 =` with indented settings. */
  readonly nested: ReadonlyMap<string, Settings>;
}

/** Everything the resolver needs from the two files; no file system here. */
export interface ConfigFiles {
  readonly configFile: string;
  readonly credentialsFile: string;
  /** In file order: the config file's profiles, then those only in the credentials file. */
  readonly profiles: ReadonlyMap<string, RawProfile>;
  readonly ssoSessions: ReadonlyMap<string, Settings>;
  /** `[services name]` → service id (`s3`, `sts`) → its settings. */
  readonly services: ReadonlyMap<string, ReadonlyMap<string, Settings>>;
  readonly fileErrors: readonly AppError[];
}

/** A file's content as read: absent text with no error means the file does not exist. */
export interface FileText {
  readonly path: string;
  readonly text?: string;
  readonly error?: AppError;
}

// Sections the CLI itself reads from the config file that are not profiles.
const knownConfigSections = new Set(['plugins', 'preview', 'toplevel']);

/** Enough to point at each bad line without flooding the UI on a binary file. */
const maxProblemsPerFile = 10;

interface MutableProfile {
  readonly name: string;
  readonly values: Map<string, string>;
  readonly nested: Map<string, Settings>;
}

const problemErrors = (path: string, problems: readonly IniProblem[]): AppError[] => {
  const shown = problems.slice(0, maxProblemsPerFile).map(
    (p): AppError => ({
      code: 'config-unreadable',
      message: `${path} line ${p.line}: ${p.message}.`,
      details: { file: path, line: String(p.line) },
    }),
  );
  const hidden = problems.length - shown.length;
  if (hidden > 0) {
    shown.push({
      code: 'config-unreadable',
      message: `${path}: ${hidden} more lines could not be read; is this an AWS config file?`,
      details: { file: path },
    });
  }
  return shown;
};

const mergeInto = (profiles: Map<string, MutableProfile>, name: string, section: IniSection): void => {
  const existing = profiles.get(name);
  const profile = existing ?? { name, values: new Map(), nested: new Map() };
  for (const [key, value] of section.values) profile.values.set(key, value);
  for (const [key, value] of section.nested) profile.nested.set(key, value);
  if (!existing) profiles.set(name, profile);
};

/** `[kind name]` as botocore reads it: exactly two shell words, the first being the kind. */
const prefixedName = (header: string, kind: string): string | undefined => {
  const words = splitWords(header);
  return words?.length === 2 && words[0] === kind ? words[1] : undefined;
};

export function combineFiles(config: FileText, credentials: FileText): ConfigFiles {
  const profiles = new Map<string, MutableProfile>();
  const ssoSessions = new Map<string, Settings>();
  const services = new Map<string, ReadonlyMap<string, Settings>>();
  const fileErrors: AppError[] = [];

  if (config.error) fileErrors.push(config.error);
  if (config.text !== undefined) {
    const parsed = parseIni(config.text);
    const problems = [...parsed.problems];
    for (const section of parsed.sections) {
      const { header } = section;
      const profileName = header === 'default' ? 'default' : prefixedName(header, 'profile');
      const ssoName = prefixedName(header, 'sso-session');
      const servicesName = prefixedName(header, 'services');
      if (profileName !== undefined) mergeInto(profiles, profileName, section);
      else if (ssoName !== undefined) ssoSessions.set(ssoName, section.values);
      else if (servicesName !== undefined) services.set(servicesName, section.nested);
      else if (!knownConfigSections.has(header)) {
        problems.push({
          line: section.line,
          message: `section [${header.slice(0, 80)}] is ignored: in the config file a profile is written [profile name]`,
        });
      }
    }
    problems.sort((a, b) => a.line - b.line);
    fileErrors.push(...problemErrors(config.path, problems));
  }

  if (credentials.error) fileErrors.push(credentials.error);
  if (credentials.text !== undefined) {
    const parsed = parseIni(credentials.text);
    // The credentials file names profiles bare: `[dev]`, never `[profile dev]`.
    for (const section of parsed.sections) mergeInto(profiles, section.header, section);
    fileErrors.push(...problemErrors(credentials.path, parsed.problems));
  }

  return {
    configFile: config.path,
    credentialsFile: credentials.path,
    profiles,
    ssoSessions,
    services,
    fileErrors,
  };
}
