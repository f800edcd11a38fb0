import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { eventStoreContract } from '@shopstream/kernel/testing';
import { afterAll, describe } from 'vitest';
import { eventStoreDbEventStore } from './eventStoreDbEventStore.js';

// Needs a server: `docker compose up -d eventstoredb`, then
// `ESDB_CONNECTION_STRING=esdb://localhost:2113?tls=false npx vitest run packages/store-eventstoredb`.
// Without the variable the suite is reported as skipped.
const connectionString = process.env.ESDB_CONNECTION_STRING;

describe.skipIf(!connectionString)('EventStoreDB (ESDB_CONNECTION_STRING)', () => {
  const client = connectionString ? EventStoreDBClient.connectionString(connectionString) : null;
  afterAll(async () => client?.dispose());

  // Each store gets a namespace of its own, so it starts empty however many runs the server has seen.
  eventStoreContract('eventstoredb', {
    create: ({ registry }) => {
      if (!client) throw new Error('unreachable: the suite is skipped without ESDB_CONNECTION_STRING');
      return eventStoreDbEventStore({ client, namespace: `contract_${randomUUID().replaceAll('-', '')}`, ...(registry ? { registry } : {}) });
    },
    numRuns: 10,
  });
});
