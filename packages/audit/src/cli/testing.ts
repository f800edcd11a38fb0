import type { Output } from './io.js';
import { runCli } from './run.js';
import type { CliIo } from './run.js';

/** What one in-process run of the CLI answered. */
export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The stores a test serves in process instead of a server. */
export type Openers = Pick<CliIo, 'openEventStoreDbReader' | 'openMongoKeyReader'>;

const captured = (): Output & { readonly text: () => string } => {
  let text = '';
  return { write: async (chunk) => void (text += chunk), end: async () => undefined, text: () => text };
};

/** The CLI's whole command path in this process (the child-process runs are in cli.test.ts). */
export const cli = async (args: readonly string[], env: Record<string, string> = {}, openers: Openers = {}): Promise<Ran> => {
  const stdout = captured();
  const stderr = captured();
  const code = await runCli(args, { env, stdout, stderr, ...openers });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
};

export const parse = <T>(ran: Ran): T => JSON.parse(ran.stdout) as T;

export const errorTag = (ran: Ran): string => (JSON.parse(ran.stderr) as { error: { _tag: string } }).error._tag;
