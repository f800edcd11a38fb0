import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where the CLI writes; each write resolves once the text may be handed on (backpressure respected). */
export interface Output {
  write(text: string): Promise<void>;
  end(): Promise<void>;
}

export const streamOutput = (stream: Writable, closeAtEnd: boolean): Output => ({
  write: async (text) => {
    if (!stream.write(text)) await once(stream, 'drain');
  },
  end: async () => {
    if (!closeAtEnd) return;
    stream.end();
    await once(stream, 'finish');
  },
});

/** A file created for an export; refuses to overwrite one that exists, so an earlier export is never lost. */
export const fileOutput = async (path: string): Promise<Output> => {
  const stream = createWriteStream(path, { flags: 'wx' });
  await once(stream, 'open');
  return streamOutput(stream, true);
};
