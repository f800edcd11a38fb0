import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  readonly base: string;
  close(): Promise<void>;
}

/** Serves `app` on a free port of the loopback interface. */
export const listen = async (app: RequestListener): Promise<Listening> => {
  const server = createServer(app);
  // Idle keep-alive sockets stay open between phases (a server closing one races the client reusing it);
  // close() ends them all.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
};
