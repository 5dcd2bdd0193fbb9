import { redact } from './redact';

const line = (parts: readonly unknown[]): string =>
  redact(parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' '));

/**
 * The main process's only way to write a log line: everything passes the redactor, so a bug
 * that logs a credential still does not leak it. Lint forbids `console` elsewhere in main.
 */
export const log = {
  error: (...parts: readonly unknown[]): void => console.error(line(parts)),
  warn: (...parts: readonly unknown[]): void => console.warn(line(parts)),
};
