import type { Request, Response } from 'express';

export interface ServerSentEvent {
  /** The resume point a client sends back as `Last-Event-ID`. */
  readonly id: string;
  readonly event: string;
  readonly data: unknown;
}

export interface EventStreamOptions {
  /** Comment lines this often keep proxies from closing an idle stream. */
  readonly heartbeatMs: number;
  /** How long a client waits before reconnecting. */
  readonly retryMs?: number;
}

export interface EventStream {
  send(event: ServerSentEvent): void;
  readonly closed: boolean;
  /** Called once the client goes away (or `end` is called). */
  onClose(listener: () => void): void;
  end(): void;
}

/** One line per field; data that is JSON cannot contain a newline, so one `data:` line suffices. */
const frame = (event: ServerSentEvent): string => `id: ${event.id.replace(/[\r\n]/g, '')}\nevent: ${event.event.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(event.data)}\n\n`;

/** The resume point a reconnecting client sent, from the header or (for EventSource polyfills) the query. */
export const lastEventId = (req: Request): string | undefined => {
  const header = req.get('last-event-id');
  return header !== undefined && header.length > 0 && header.length <= 200 ? header : undefined;
};

/** Opens a `text/event-stream` response. */
export const openEventStream = (req: Request, res: Response, options: EventStreamOptions): EventStream => {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(`retry: ${options.retryMs ?? 3000}\n\n`);
  const listeners: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs);
  heartbeat.unref();
  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  };
  req.on('close', finish);
  res.on('close', finish);
  return {
    send: (event) => {
      if (!closed) res.write(frame(event));
    },
    get closed() {
      return closed;
    },
    onClose: (listener) => {
      if (closed) listener();
      else listeners.push(listener);
    },
    end: () => {
      finish();
      res.end();
    },
  };
};
