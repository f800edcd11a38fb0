import { z } from 'zod';
import type { RecordedEvent } from '@shopstream/kernel';
import { bearerToken } from '../auth/access.js';
import { lastEventId, openEventStream } from '../sse/sse.js';
import type { RouteContext } from '../routing/context.js';
import { ok, route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { callerOf } from './support.js';

const wire = (event: { readonly type: string; readonly stream: string; readonly position: number; readonly data: unknown; readonly at: string }) => ({
  id: String(event.position),
  event: 'order-event',
  data: { type: event.type, stream: event.stream, position: event.position, occurredAt: event.at, data: event.data },
});

/** streamMyOrderEvents: live events of my orders, payments and shipments, resumable from Last-Event-ID. */
export const streamRoutes = ({ shop, sessions, heartbeatMs }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'streamMyOrderEvents',
    method: 'get',
    path: '/me/order-events',
    summary: 'Server-sent events for my orders and shipments; send Last-Event-ID to resume after a reconnect',
    tag: 'orders',
    access: 'customer',
    kind: 'sse',
    response: z.strictObject({ type: z.string(), stream: z.string(), position: z.number(), occurredAt: z.string(), data: z.unknown() }),
    handler: async (input) => {
      const { userId } = callerOf(input);
      const resumeAfter = Number(lastEventId(input.req) ?? 'NaN');
      const stream = openEventStream(input.req, input.res, { heartbeatMs });
      // A stream is authorised once, when it opens: its session is checked again at each heartbeat, so a stream
      // outlives neither its session nor its account (closed, erased) by more than one heartbeat.
      const token = bearerToken(input.req) ?? '';
      const recheck = setInterval(() => {
        void sessions.authenticate(token).then(
          (still) => (still === undefined ? stream.end() : undefined),
          () => stream.end(),
        );
      }, heartbeatMs);
      recheck.unref();
      stream.onClose(() => clearInterval(recheck));
      // Subscribe first and hold live events back while the missed ones are read, so nothing falls in between.
      const held: RecordedEvent[] = [];
      let replaying = Number.isSafeInteger(resumeAfter);
      let sent = Number.isSafeInteger(resumeAfter) ? resumeAfter : -1;
      const deliver = (event: RecordedEvent): void => {
        if (event.position <= sent) return;
        sent = event.position;
        stream.send(wire({ ...event, at: event.occurredAt }));
      };
      const unsubscribe = shop.orders.watch(userId, (event) => (replaying ? held.push(event) : deliver(event)));
      stream.onClose(unsubscribe);
      if (replaying) {
        const orders = await shop.orders.listMine(userId, { limit: 100 });
        const missed = [];
        if (orders._tag === 'Right') {
          for (const order of orders.right.items) {
            const timeline = await shop.orders.timeline(order.orderId, { customerId: userId });
            for (const entry of timeline ?? []) if (entry.position > resumeAfter) missed.push(entry);
          }
        }
        missed.sort((a, b) => a.position - b.position);
        for (const entry of missed) {
          if (entry.position <= sent) continue;
          sent = entry.position;
          stream.send(wire(entry));
        }
        replaying = false;
        for (const event of held.splice(0)) deliver(event);
      }
      return ok(null);
    },
  }),
];
