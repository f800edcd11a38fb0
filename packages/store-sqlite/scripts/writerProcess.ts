import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Acknowledged } from './appendLoop.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

export interface WriterOptions {
  readonly path: string;
  readonly writer: string;
  /** How many appends before exiting; 0 appends until killed. */
  readonly appends: number;
  readonly seed: number;
  readonly durability: 'normal' | 'full';
  /** Append only to this stream, retrying on conflicts with other writers. */
  readonly sharedStream?: string;
}

export interface WriterProcess {
  readonly child: ChildProcess;
  /** Every append the writer has acknowledged so far (complete lines only). */
  readonly acknowledged: Acknowledged[];
  /** Resolves once `count` appends have been acknowledged, or rejects if the writer ends first. */
  readonly acknowledgedAtLeast: (count: number) => Promise<void>;
  /** Resolves with the exit code and signal once the process has ended and its output is read. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `appendLoop.ts` in its own node process, as a second application on the same file would run. */
export const startWriter = (options: WriterOptions): WriterProcess => {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@shopstream/source',
      '--import',
      'tsx',
      join(here, 'appendLoop.ts'),
      options.path,
      options.writer,
      String(options.appends),
      String(options.seed),
      options.durability,
      ...(options.sharedStream ? [options.sharedStream] : []),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const acknowledged: Acknowledged[] = [];
  const waiters: { count: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  let partial = '';
  let stderr = '';
  let ended = false;
  const settle = () => {
    for (const waiter of [...waiters]) {
      if (acknowledged.length >= waiter.count) waiter.resolve();
      else if (ended) waiter.reject(new Error(`writer ${options.writer} ended after ${acknowledged.length} appends: ${stderr}`));
      else continue;
      waiters.splice(waiters.indexOf(waiter), 1);
    }
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    // A line cut off by the kill was never fully acknowledged; only complete lines count.
    partial = lines.pop() ?? '';
    for (const line of lines) if (line) acknowledged.push(JSON.parse(line) as Acknowledged);
    settle();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => {
    child.on('close', (code, signal) => {
      ended = true;
      settle();
      done({ code, signal, stderr });
    });
  });
  return {
    child,
    acknowledged,
    exited,
    acknowledgedAtLeast: (count) =>
      new Promise<void>((resolvePromise, reject) => {
        waiters.push({ count, resolve: resolvePromise, reject });
        settle();
      }),
  };
};
