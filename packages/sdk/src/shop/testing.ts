import { ManualClock, sequentialIds } from '@shopstream/kernel';
import { SCRYPT_DEFAULTS, scryptPasswordHasher } from '@shopstream/commerce/identity';
import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import { createShop } from './createShop.js';
import type { ShopConfig } from './config.js';
import type { Shop } from '../facade/shop.js';

export const START = '2026-05-04T08:00:00.000Z';
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** Cheap scrypt: the tests exercise flows, not the cost of a hash. */
export const cheapPasswords = () => scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 4 });

export const right = <L, R>(result: Either<L, R>, what = 'command'): R => {
  if (E.isLeft(result)) throw new Error(`${what} failed: ${JSON.stringify(result.left)}`);
  return result.right;
};

export const left = <L, R>(result: Either<L, R>, what = 'command'): L => {
  if (E.isRight(result)) throw new Error(`${what} was expected to fail but gave ${JSON.stringify(result.right)}`);
  return result.left;
};

/** A shop in memory with a manual clock and sequential ids, started. */
export const testShop = async (config: ShopConfig = {}) => {
  const clock = new ManualClock(START);
  const shop = await createShop({ storage: { kind: 'memory' }, clock, ids: sequentialIds(5), passwordHasher: cheapPasswords(), ...config });
  await shop.start();
  return { shop, clock };
};

export const address = {
  recipientName: '王小明',
  phone: '13800138000',
  region: { country: 'CN', province: '上海', city: '上海', district: '浦东新区' },
  lines: '世纪大道 100 号',
  postalCode: '200120',
};

/** A customer registered and verified with the code the sandbox outbox holds; their user id. */
export const signedUp = async (shop: Shop, contact: string): Promise<string> => {
  const { userId } = right(await shop.identity.register({ contact, password: 'a long passphrase' }), 'register');
  const code = shop.sandbox?.outbox.codeSentTo(contact);
  if (code === undefined || code === null) throw new Error(`no code was sent to ${contact}`);
  right(await shop.identity.verifyContact(userId, code), 'verify');
  return userId;
};
