/**
 * The engine's log lines go to main, which writes them to the app's log (redacted there like
 * every other line). Until the host connects a sink they go to stderr.
 */
type Level = 'info' | 'warn' | 'error';
type Sink = (level: Level, message: string) => void;

let sink: Sink = (level, message) => {
  if (level !== 'info') console.error(`[engine] ${level}: ${message}`);
};

export function setLogSink(next: Sink): void {
  sink = next;
}

export const log = {
  info: (message: string): void => sink('info', message),
  warn: (message: string): void => sink('warn', message),
  error: (message: string): void => sink('error', message),
};
