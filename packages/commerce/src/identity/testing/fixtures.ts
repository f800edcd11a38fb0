import type { Sealed } from '../../shared/sealed.js';
import type { AddressDetails } from '../events.js';

/**
 * Stand-ins for values the service would prepare, for decider tests: deciders never look inside a Sealed value
 * or a hash, so any well-formed one will do.
 */
export const fakeSealed = (label: string, subject = 'u1'): Sealed => ({
  v: 1,
  subject,
  keyId: 'key-1',
  iv: 'AAAAAAAAAAAAAAAA',
  data: Buffer.from(label).toString('base64'),
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
});

/** A 64-character lower-case hex string derived from a label. */
export const fakeHash = (label: string): string => Buffer.from(label.padEnd(32, '.')).toString('hex').slice(0, 64);

export const fakePasswordHash = (label: string): string => `$scrypt$v=1$N=16,r=8,p=1$c2FsdA==$${Buffer.from(label).toString('base64')}`;

export const fakeAddress = (label: string, subject = 'u1'): AddressDetails => ({
  recipientName: fakeSealed(`${label}-name`, subject),
  phone: fakeSealed(`${label}-phone`, subject),
  region: { country: 'CN', province: '上海市', city: '上海市', district: '浦东新区' },
  lines: fakeSealed(`${label}-lines`, subject),
  postalCode: '200120',
});
