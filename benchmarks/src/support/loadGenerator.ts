/**
 * The checkout loop's virtual users in a process of their own, so that the server's CPU is measured apart from
 * the client's (they would otherwise share one process, one event loop and one CPU figure). The parent forks
 * this file and sends one `LoadRequest` per phase; each answer is a `LoopResult` with this process's CPU.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { httpClient } from './client.js';
import { barePurchase, loop, shopPurchase } from './purchaseLoop.js';
import type { Buyable, Buyer, LoopResult } from './purchaseLoop.js';

export type LoadRequest =
  | { readonly kind: 'shop'; readonly base: string; readonly users: number; readonly seconds: number; readonly buyers: readonly Buyer[]; readonly products: readonly Buyable[] }
  | { readonly kind: 'bare'; readonly base: string; readonly users: number; readonly seconds: number };

/** A virtual user's share of the buyers: every `users`-th one, from its own index. */
const buyersOf = (buyers: readonly Buyer[], users: number, user: number): readonly Buyer[] => buyers.filter((_, index) => index % users === user);

export const runLoad = async (request: LoadRequest): Promise<LoopResult> => {
  const client = httpClient(request.base, request.users);
  try {
    return request.kind === 'shop'
      ? await loop(request.users, request.seconds, (user) => shopPurchase(client.call, buyersOf(request.buyers, request.users, user), request.products, user))
      : await loop(request.users, request.seconds, () => barePurchase(client.call, 'bench'));
  } finally {
    client.close();
  }
};

export interface LoadGenerator {
  /** Runs one phase in the child; resolves with its result. */
  run(request: LoadRequest): Promise<LoopResult>;
  close(): void;
}

/** Forks the load generator with this process's loader flags (tsx and the source condition). */
export const forkLoadGenerator = (): LoadGenerator => {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: process.execArgv, stdio: 'inherit' });
  return {
    run: (request) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code ?? 'signal'})`));
        child.once('exit', onExit);
        child.once('message', (message: { readonly result?: LoopResult; readonly error?: string }) => {
          child.off('exit', onExit);
          if (message.result) resolve(message.result);
          else reject(new Error(`load generator: ${message.error ?? 'no result'}`));
        });
        child.send(request);
      }),
    close: () => {
      child.disconnect();
    },
  };
};

// As the forked child: one phase per message, until the parent disconnects.
if (process.send !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.on('message', (request: LoadRequest) => {
    runLoad(request).then(
      (result) => process.send?.({ result }),
      (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
