import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { commerceEventRegistry } from '@shopstream/commerce';
import { eventStoreDbEventStore, eventStoreDbReader } from '@shopstream/store-eventstoredb';
import { AccessDeniedError } from '@eventstore/db-client';
import { beforeAll, describe, expect, it } from 'vitest';
// An in-process model of the server behind the client's API (store-eventstoredb's tests run the store's contract on it).
import { serverModel } from '../../../store-eventstoredb/src/eventStore/testing/serverModel.js';
import { isAuditError } from '../errors.js';
import { copyHistory, writeShopData } from '../fixtures.js';
import type { ShopHistory } from '../fixtures.js';
import { verifyLog } from '../verify/verify.js';
import { eventStoreDbLog, serverLocation } from './eventStoreDbLog.js';
import type { OpenEventStoreDbReader } from './eventStoreDbLog.js';
import { sqliteLog } from './sqliteLog.js';

describe('eventStoreDbLog over a model of the server', { timeout: 120_000 }, () => {
  const model = serverModel();
  const namespace = 'shop_a';
  const onModel: OpenEventStoreDbReader = (options) => eventStoreDbReader({ client: model.client, ...(options.registry ? { registry: options.registry } : {}), ...(options.namespace ? { namespace: options.namespace } : {}) });
  let shop: ShopHistory;
  beforeAll(async () => {
    shop = await writeShopData();
    const from = sqliteLog({ path: join(shop.dataDir, 'events.sqlite') });
    const to = eventStoreDbEventStore({ client: model.client, namespace, registry: commerceEventRegistry() });
    await copyHistory(from, to);
    await Promise.all([from.close(), to.close()]);
  }, 120_000);

  it("reads the shop's history as the adapter stored it: same events and hashes, the server's positions, upcast unless raw", async () => {
    const log = eventStoreDbLog({ connectionString: 'esdb://auditor:secret@esdb.example:2113?tls=true', namespace, registry: commerceEventRegistry() }, onModel);
    const original = sqliteLog({ path: join(shop.dataDir, 'events.sqlite'), registry: commerceEventRegistry() });
    const onServer = await log.readAll({ raw: true });
    const stored = await original.readAll({ raw: true });
    const strip = (events: typeof stored) => events.map(({ position: _position, ...event }) => event);
    expect(strip(onServer)).toEqual(strip(stored));
    // Byte offsets in the server's log: increasing, with holes.
    expect(onServer.map((event) => event.position)).toEqual([...onServer.map((event) => event.position)].sort((a, b) => a - b));
    expect(onServer.some((event, index) => index > 0 && event.position !== (onServer[index - 1]?.position ?? 0) + 1)).toBe(true);
    expect(await log.readStream(`order-${shop.orderId}`)).toEqual(await log.readStream(`order-${shop.orderId}`, { raw: false }));
    expect(log.location).toBe('esdb://esdb.example:2113 (namespace shop_a)');
    expect(await log.extent()).toEqual({ headPosition: onServer.at(-1)?.position, contiguousPositions: false, lastAssignedPosition: null });
    await expect(log.append('order-x', [{ type: 'OrderPlaced', data: {} }])).rejects.toMatchObject({ detail: { _tag: 'ReadOnly' } });
    await Promise.all([log.close(), original.close()]);
  });

  it('verifies the chains, and reports what the server cannot prove as not checked, never as passed', async () => {
    const log = eventStoreDbLog({ connectionString: 'esdb://esdb.example:2113', namespace }, onModel);
    const extent = await log.extent();
    const report = await verifyLog(log, { contiguousPositions: extent.contiguousPositions, upTo: extent.headPosition, pageSize: 7 });
    expect([report.ok, report.events, report.notChecked.map((item) => item._tag)]).toEqual([true, 28, ['PositionGaps', 'LogTruncation']]);
    // An event written into a shop stream behind the store's back, by anyone with write rights there, breaks its chain.
    const order = `${namespace}.order-${shop.orderId}`;
    await model.client.appendToStream(order, {
      id: randomUUID(),
      contentType: 'application/json',
      type: 'OrderCancelled',
      data: { orderId: shop.orderId, reason: 'forged' },
      metadata: { shopstream: 1, schemaVersion: 1, occurredAt: shop.paidAt, hash: '0'.repeat(64), metadata: { correlationId: 'x', causationId: null, actor: null, traceparent: null, tracestate: null }, $correlationId: 'x' },
    });
    const tampered = await verifyLog(log, { upTo: (await log.extent()).headPosition });
    expect(tampered.findings.map((finding) => finding._tag)).toContain('HashMismatch');
    await log.close();
  });
});

describe('eventStoreDbLog refusals', () => {
  it('tells a connection string the client cannot parse as a refusal that does not repeat it (it may hold a password)', () => {
    const thrownBy = (open: () => unknown): unknown => {
      try {
        open();
      } catch (error) {
        return error;
      }
      return null;
    };
    const wrong = thrownBy(() => eventStoreDbLog({ connectionString: 'http://auditor:secret@esdb.example:2113' }));
    expect(wrong).toMatchObject({ detail: { _tag: 'InvalidEventStoreOption', option: 'connection string', reason: 'expected esdb:// or esdb+discover:// at character 1' } });
    expect((wrong as Error).message).not.toContain('secret');
    expect(thrownBy(() => eventStoreDbLog({ connectionString: 'esdb://esdb.example:2113', namespace: 'no-dashes' }))).toMatchObject({ detail: { _tag: 'InvalidEventStoreOption', option: 'namespace' } });
  });

  it("tells an account the server refuses as EventStoreAccessDenied, and leaves a server that does not answer a fault", async () => {
    const denied = eventStoreDbLog({ connectionString: 'esdb://esdb.example:2113' }, () => {
      const refuse = async (): Promise<never> => {
        throw new AccessDeniedError();
      };
      return { readStream: refuse, readAll: refuse, streamRevision: refuse, headPosition: refuse, subscribe: () => { throw new AccessDeniedError(); }, close: async () => undefined };
    });
    await expect(denied.readAll()).rejects.toMatchObject({ detail: { _tag: 'EventStoreAccessDenied', store: 'esdb://esdb.example:2113' } });
    // Nothing listens on port 1: the client's own error, for the CLI to tell as a fault.
    const away = eventStoreDbLog({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
    const failed = await away.extent().then(
      () => null,
      (error: unknown) => error,
    );
    expect([failed instanceof Error, isAuditError(failed), (failed as Error).message]).toEqual([true, false, expect.stringContaining('UNAVAILABLE') as unknown]);
    await away.close();
  });

  it('shows a server without its credentials or options', () => {
    expect(serverLocation('esdb+discover://auditor:secret@cluster.example:2113/?tls=true&nodePreference=follower')).toBe('esdb+discover://cluster.example:2113');
    expect(serverLocation(' esdb://localhost:2113?tls=false ', 'shop')).toBe('esdb://localhost:2113 (namespace shop)');
  });
});
