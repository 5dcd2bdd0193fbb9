/**
 * The transfer engine process. Electron starts it with utilityProcess.fork (messages on
 * process.parentPort); the browser shell, the tests and the bench start the same module with
 * child_process.fork (messages on process.send / 'message'). Every message is checked against the
 * shared protocol before the host sees it. When main goes away the engine stops its calls and exits:
 * nothing is written on behalf of a process that can no longer journal it.
 */
import { type FromEngine, type Message, parseMessage, toEngineSchemas } from '../shared/engine/protocol';
import { EngineHost } from './engine-host';
import { log, setLogSink } from './log';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;

const post = (message: Message<FromEngine>): void => {
  if (parentPort) parentPort.postMessage(message);
  else if (process.connected) process.send?.(message);
};

const option = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const idle = Number(option('idle-timeout-ms'));

setLogSink((level, message) => post({ type: 'log', payload: { level, message: message.slice(0, 8192) } }));
const host = new EngineHost(post, Number.isFinite(idle) && idle > 0 ? { idleTimeoutMs: idle } : {});

const receive = (raw: unknown): void => {
  const parsed = parseMessage(toEngineSchemas, raw);
  if (parsed.ok) host.receive(parsed.message);
  else log.warn(`Refused a message from main: ${parsed.reason}`);
};

const quit = (): void => {
  host.stop();
  process.exit(0);
};

if (parentPort) parentPort.on('message', (event) => receive(event.data));
else if (process.send) {
  process.on('message', receive);
  process.on('disconnect', quit);
} else {
  console.error('The transfer engine runs only as a child of Crossbucket.');
  process.exit(2);
}
post({ type: 'ready', payload: { pid: process.pid } });
