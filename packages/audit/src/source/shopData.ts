import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commerceEventRegistry } from '@shopstream/commerce';
import { EMBEDDED_FILES } from '@shopstream/sdk';
import { AuditError } from '../errors.js';
import { sqliteLog } from './sqliteLog.js';
import type { SqliteLog } from './sqliteLog.js';

/** The event store file of the embedded shop, as `createShop` names it. */
export const EVENTS_FILE = EMBEDDED_FILES.events;

export interface ShopData {
  readonly dataDir: string;
  readonly eventsPath: string;
  /** The shop's log, read-only, upcasting with commerce's registry where a read is not raw. */
  readonly log: SqliteLog;
  close(): Promise<void>;
}

/** Opens an embedded shop's data folder for an audit, read-only; the shop may keep running meanwhile. */
export const openShopData = (dataDir: string): ShopData => {
  const folder = resolve(dataDir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new AuditError({ _tag: 'DataDirNotFound', path: folder });
  const eventsPath = join(folder, EVENTS_FILE);
  const log = sqliteLog({ path: eventsPath, registry: commerceEventRegistry() });
  return { dataDir: folder, eventsPath, log, close: () => log.close() };
};
