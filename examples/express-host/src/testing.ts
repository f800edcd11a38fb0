import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCRYPT_DEFAULTS, scryptPasswordHasher } from '@shopstream/commerce/identity';
import type { PasswordHasher } from '@shopstream/commerce/identity';
import { hostConfig } from './config.js';
import type { HostConfig } from './config.js';
import { startHost } from './host.js';
import type { Host, HostOptions } from './host.js';
import { hostLogger } from './logging.js';

/** scrypt at N = 2^4: tests hash dozens of passwords; a deployment never sees this (only HostOptions reach it). */
export const cheapPasswordHasher = (): PasswordHasher => scryptPasswordHasher({ ...SCRYPT_DEFAULTS, N: 2 ** 4 });

export const tempDataDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'shopstream-host-'));
export const removeDataDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** A host on a free port in `dataDir`, quiet, with a cheap hasher; the announced lines are kept. */
export const testHost = async (
  dataDir: string,
  environment: Readonly<Record<string, string>> = {},
  options: HostOptions = {},
): Promise<{ readonly host: Host; readonly config: HostConfig; readonly announced: string[][] }> => {
  const config = hostConfig({ PORT: '0', HOST: '127.0.0.1', SHOPSTREAM_DATA_DIR: dataDir, SHOPSTREAM_LOG_LEVEL: 'silent', ...environment });
  const announced: string[][] = [];
  const host = await startHost(config, {
    logger: hostLogger('silent'),
    announce: (lines) => announced.push([...lines]),
    ...options,
    shop: { passwordHasher: cheapPasswordHasher(), ...options.shop },
  });
  return { host, config, announced };
};

/** The password in the lines the host announced at its first start. */
export const announcedPassword = (lines: readonly string[]): string => {
  const line = lines.find((l) => l.trim().startsWith('password:'));
  if (line === undefined) throw new Error(`no password in ${JSON.stringify(lines)}`);
  return line.split('password:')[1]?.trim() ?? '';
};

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  // Tests read fields by name and assert their shape; the API's own schemas are tested in packages/express.
  readonly body: Record<string, unknown> & { readonly items?: readonly Record<string, unknown>[] };
}

/** A tiny JSON client over fetch: a bearer token when given, an Idempotency-Key on every POST. */
export const api =
  (baseUrl: string) =>
  async (method: string, path: string, options: { readonly token?: string; readonly body?: unknown; readonly headers?: Record<string, string> } = {}): Promise<JsonResponse> => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST') headers['idempotency-key'] ??= crypto.randomUUID();
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
    const text = await response.text();
    const body = (text === '' ? {} : JSON.parse(text)) as JsonResponse['body'];
    return { status: response.status, headers: response.headers, body };
  };
