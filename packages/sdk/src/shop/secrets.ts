import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_PEPPER_BYTES } from '@shopstream/commerce/privacy';
import type { ShopSecrets } from './config.js';

const SECRETS_FILE = 'secrets.json';

const fresh = (): ShopSecrets => ({ contactPepper: randomBytes(MIN_PEPPER_BYTES), codePepper: randomBytes(MIN_PEPPER_BYTES) });

const decode = (text: string, path: string): ShopSecrets => {
  const parsed = JSON.parse(text) as { contactPepper?: unknown; codePepper?: unknown };
  if (typeof parsed.contactPepper !== 'string' || typeof parsed.codePepper !== 'string') {
    throw new Error(`${path} does not hold the shop's peppers (contactPepper, codePepper in base64)`);
  }
  return { contactPepper: Buffer.from(parsed.contactPepper, 'base64'), codePepper: Buffer.from(parsed.codePepper, 'base64') };
};

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

/**
 * The peppers of contact and code hashes. They must stay the same across restarts (a new contact pepper would
 * make every registered email unknown), so the embedded default keeps them beside its data, readable by the
 * owner only; with no data folder they live as long as the shop. Peppers given for a data folder whose shop
 * already made its own are refused unless they are the same ones, for the same reason.
 */
export const resolveSecrets = (given: ShopSecrets | undefined, dataDir: string | null): ShopSecrets => {
  const path = dataDir === null ? null : join(dataDir, SECRETS_FILE);
  const kept = path !== null && existsSync(path) ? decode(readFileSync(path, 'utf8'), path) : null;
  if (given) {
    if (kept !== null && !(same(kept.contactPepper, given.contactPepper) && same(kept.codePepper, given.codePepper))) {
      throw new Error(
        `${path ?? SECRETS_FILE} holds the peppers this shop's contacts and codes were hashed with, and the ones given differ: every registered contact would be unknown. Give the same peppers (base64 in that file) or none.`,
      );
    }
    return given;
  }
  if (path === null) return fresh();
  if (kept !== null) return kept;
  const secrets = fresh();
  const text = JSON.stringify({ contactPepper: Buffer.from(secrets.contactPepper).toString('base64'), codePepper: Buffer.from(secrets.codePepper).toString('base64') });
  // 'wx': two shops starting on one folder at once must not each write their own; the loser reads the winner's.
  try {
    writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return decode(readFileSync(path, 'utf8'), path);
    throw error;
  }
};
