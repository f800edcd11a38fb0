import { jsonLogger } from '@shopstream/express';
import type { LogRecord, Logger } from '@shopstream/express';
import type { HostConfig } from './config.js';

const rank = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 } as const;

/** The host's logger: JSON lines, the same shape as the API's access log, filtered by SHOPSTREAM_LOG_LEVEL. */
export interface HostLogger extends Logger {
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
}

export const hostLogger = (level: HostConfig['SHOPSTREAM_LOG_LEVEL'], write?: (line: string) => void): HostLogger => {
  const sink = jsonLogger(write);
  const log = (record: LogRecord) => {
    if (rank[record.level] >= rank[level]) sink.log(record);
  };
  return {
    log,
    info: (msg, fields) => log({ ...fields, level: 'info', msg }),
    warn: (msg, fields) => log({ ...fields, level: 'warn', msg }),
    error: (msg, fields) => log({ ...fields, level: 'error', msg }),
  };
};

/** An error as fields a log line can carry (an Error's own properties do not survive JSON.stringify). */
export const errorFields = (error: unknown): Readonly<Record<string, unknown>> =>
  error instanceof Error ? { error: error.message, stack: error.stack } : { error };
