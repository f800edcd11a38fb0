import { createHmac } from 'node:crypto';

/**
 * Keyed hashes of client IP addresses, the only form of an address an order keeps (`client.ipHash`). Keyed with
 * a shop secret kept outside the event store, since the whole IPv4 space can be hashed in minutes.
 */
export interface ClientIpHasher {
  /** Lower-case hex HMAC-SHA256 of the address, trimmed and lower-cased (IPv6 hex digits). */
  hash(ip: string): string;
}

export const MIN_IP_PEPPER_BYTES = 32;

export const clientIpHasher = (pepper: Uint8Array): ClientIpHasher => {
  if (pepper.byteLength < MIN_IP_PEPPER_BYTES) throw new RangeError(`the IP pepper must be at least ${MIN_IP_PEPPER_BYTES} random bytes`);
  const secret = Buffer.from(pepper);
  return { hash: (ip) => createHmac('sha256', secret).update(`ip\u0000${ip.trim().toLowerCase()}`, 'utf8').digest('hex') };
};
