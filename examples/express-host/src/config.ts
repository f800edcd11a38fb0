import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const origins = z
  .string()
  .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
  .pipe(z.array(z.url({ protocol: /^https?$/ })));

/** The host's environment, each variable checked with a message that says what is wrong and what would do. */
const HostEnvironment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SHOPSTREAM_DATA_DIR: z.string().min(1).default('./data'),
  /** Sandbox providers, carrier and outbox, with their control endpoints. On unless turned off. */
  SHOPSTREAM_SANDBOX: flag.default(true),
  /**
   * The address browsers reach this host at, behind a proxy or on another name: the sandbox providers' pages
   * (where a payment's next action sends the customer) are served under it. Default `http://localhost:<PORT>`.
   */
  SHOPSTREAM_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'SHOPSTREAM_PUBLIC_URL must be an http or https URL' }).optional(),
  /** Seed the demo catalog on start when it is not there yet. On unless turned off. */
  SHOPSTREAM_DEMO_CATALOG: flag.default(true),
  SHOPSTREAM_ADMIN_EMAIL: z.email().default('admin@shopstream.local'),
  /** At least 12 characters; when absent at the first start, one is generated and printed once. */
  SHOPSTREAM_ADMIN_PASSWORD: z.string().min(12, 'SHOPSTREAM_ADMIN_PASSWORD must have at least 12 characters').optional(),
  /** Browser origins allowed to call the API (comma-separated); none by default. */
  SHOPSTREAM_CORS_ORIGINS: origins.default([]),
  /** Behind a reverse proxy, the number of proxies to trust for the client address (Express `trust proxy`). */
  SHOPSTREAM_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** How long a graceful shutdown may take before the process exits anyway. */
  SHOPSTREAM_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  SHOPSTREAM_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** The scale-out event store: an EventStoreDB / KurrentDB connection string; the embedded SQLite log when unset. */
  ESDB_CONNECTION_STRING: z
    .string()
    .regex(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/\S+$/, 'ESDB_CONNECTION_STRING must be an esdb:// (or esdb+discover://) connection string')
    .optional(),
  /** The scale-out read store: a MongoDB replica set's URI; the embedded read store when unset. */
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI').optional(),
  /** The database the read models, checkpoints and snapshots go to on MongoDB. */
  MONGODB_DATABASE: z.string().regex(/^[^/\\. "$]{1,63}$/, 'MONGODB_DATABASE must be a MongoDB database name').default('shopstream'),
});

export type HostConfig = z.output<typeof HostEnvironment>;

/**
 * Where browsers reach the host: SHOPSTREAM_PUBLIC_URL, else `http://localhost:<PORT>` (or the bound address when
 * it is not a wildcard). Null for PORT 0 without a public URL: the port is not known until the host listens.
 */
export const publicUrl = (config: Pick<HostConfig, 'SHOPSTREAM_PUBLIC_URL' | 'HOST' | 'PORT'>): string | null => {
  if (config.SHOPSTREAM_PUBLIC_URL !== undefined) return config.SHOPSTREAM_PUBLIC_URL;
  if (config.PORT === 0) return null;
  return urlOf(config.HOST, config.PORT);
};

/** `http://<host>:<port>`, with `localhost` for a wildcard address and brackets around an IPv6 one. */
export const urlOf = (host: string, port: number): string => {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`the environment does not configure the host:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Reads the host's configuration; throws ConfigError listing every problem at once. */
export const hostConfig = (environment: NodeJS.ProcessEnv = process.env): HostConfig => {
  const empty = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = HostEnvironment.safeParse(empty);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`));
};
