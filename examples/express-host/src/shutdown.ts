import type { Server } from 'node:http';
import type { RequestHandler, Response } from 'express';

/** The responses under way, so that a shutdown can end the ones that never end by themselves (event streams). */
export interface OpenResponses {
  readonly track: RequestHandler;
  readonly size: () => number;
  /** Ends every server-sent event stream: a client reconnects (to another instance) with its Last-Event-ID. */
  endStreams(): number;
}

export const openResponses = (): OpenResponses => {
  const open = new Set<Response>();
  return {
    track: (_req, res, next) => {
      open.add(res);
      res.on('close', () => open.delete(res));
      next();
    },
    size: () => open.size,
    endStreams: () => {
      let ended = 0;
      for (const res of open) {
        const type = res.getHeader('content-type');
        if (typeof type === 'string' && type.startsWith('text/event-stream')) {
          res.end();
          ended += 1;
        }
      }
      return ended;
    },
  };
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Stops accepting connections and waits for the requests under way to be answered, closing keep-alive
 * connections as they fall idle. Past the deadline the remaining connections are cut. Answers whether every
 * request finished in time.
 */
export const drainServer = async (server: Server, withinMs: number): Promise<boolean> => {
  if (!server.listening) return true;
  let closed = false;
  const done = new Promise<void>((resolve) => {
    server.close(() => {
      closed = true;
      resolve();
    });
  });
  const deadline = Date.now() + withinMs;
  while (!closed && Date.now() < deadline) {
    server.closeIdleConnections();
    await Promise.race([done, sleep(50)]);
  }
  if (closed) return true;
  server.closeAllConnections();
  await done;
  return false;
};

/** Whether the promise settled within the time; a late one is left to finish on its own. */
export const within = async (work: Promise<void>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
};
