import { z } from 'zod';
import type { RouteContext } from '../routing/context.js';
import { ok, route } from '../routing/route.js';
import type { AnyRoute } from '../routing/route.js';
import { readinessOf } from './readiness.js';

/**
 * getHealth, getLiveness, getReadiness. Public, so each answers a status only: positions, lags and failures are
 * for staff (`shop.health()`), not for the world.
 */
export const healthRoutes = ({ shop, readiness }: RouteContext): AnyRoute[] => [
  route({
    operationId: 'getHealth',
    method: 'get',
    path: '/health',
    summary: "The shop's own state: ok, degraded (200) while a read model or process has failed or it starts or stops, stopped (503)",
    tag: 'operations',
    access: 'public',
    response: z.strictObject({ status: z.enum(['ok', 'degraded', 'stopped']), shop: z.enum(['created', 'starting', 'running', 'stopping', 'stopped']) }),
    alsoAnswers: { 503: 'the shop is stopped' },
    handler: async () => {
      const health = await shop.health();
      return ok({ status: health.status, shop: health.shop }, { status: health.status === 'stopped' ? 503 : 200 });
    },
  }),
  route({
    operationId: 'getLiveness',
    method: 'get',
    path: '/health/live',
    summary: 'The process serves requests (200 whatever the shop’s state): restart it only when this fails',
    tag: 'operations',
    access: 'public',
    response: z.strictObject({ status: z.literal('alive') }),
    // Asks nothing of the shop: a store that is slow or a read model that failed is no reason to restart.
    handler: () => Promise.resolve(ok({ status: 'alive' })),
  }),
  route({
    operationId: 'getReadiness',
    method: 'get',
    path: '/health/ready',
    summary: 'Whether to send this instance traffic: 200 ready; 503 starting, failing (a read model or process failed), lagging (read models too far behind), stopping or stopped',
    tag: 'operations',
    access: 'public',
    response: z.strictObject({ status: z.enum(['ready', 'starting', 'failing', 'lagging', 'stopping', 'stopped']) }),
    alsoAnswers: { 503: 'not ready: the status says why' },
    handler: async () => {
      const status = readinessOf(await shop.health(), readiness);
      return ok({ status }, { status: status === 'ready' ? 200 : 503 });
    },
  }),
];
