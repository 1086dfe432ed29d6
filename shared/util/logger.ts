import { redactText } from './redact.ts';

/** The one logging interface: Powertools in Lambda, a readable terminal logger locally. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

function describe(fields?: Record<string, unknown>): string {
  if (!fields) return '';
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v instanceof Error ? v.message : typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** A plain terminal logger; every line goes through the one redaction step (see util/redact.ts). */
export function terminalLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(redactText(`${new Date().toISOString().slice(11, 19)} ${level} ${message} ${describe(fields)}`.trimEnd()));
  return { info: log('info '), warn: log('warn '), error: log('error') };
}
