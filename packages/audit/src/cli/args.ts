import { join, resolve } from 'node:path';
import { KEY_STORE_FILE } from '@shopstream/sdk';
import { parseArgs } from 'node:util';
import { AuditError } from '../errors.js';
import type { PointInTime } from '../replay/point.js';
import type { Scope } from '../source/scope.js';

/** Where `--open-personal-data` reads the shop's keys: its key database, or the key store on MongoDB. */
export type KeySource =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'mongodb'; readonly uri: string; readonly database: string; readonly collection: string };

/** Where the shop's events are read from: the embedded shop's data folder, or a scale-out shop's EventStoreDB. */
export type EventSource =
  | { readonly kind: 'sqlite'; readonly dataDir: string }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string; readonly namespace: string | null };

/** Options every command takes. */
export interface Common {
  readonly events: EventSource;
  readonly json: boolean;
  readonly openPersonalData: boolean;
  /** Null when nothing names a key store and there is no data folder to find one in (events on EventStoreDB). */
  readonly keys: KeySource | null;
  readonly pageSize: number;
}

/** Where the connection string of a scale-out shop's EventStoreDB may come from besides the command line. */
export const ESDB_CONNECTION_STRING_VARIABLE = 'ESDB_CONNECTION_STRING';

/** Where the connection string of a key store on MongoDB may come from besides the command line. */
export const KEYS_MONGODB_URI_VARIABLE = 'SHOPSTREAM_KEYS_MONGODB_URI';
/** The database and collection the reference host keeps its keys in (`MONGODB_DATABASE`'s default, `hostKeyStore`). */
const KEYS_MONGODB_DEFAULTS = { database: 'shopstream', collection: 'data_keys' } as const;

export type Command =
  | { readonly name: 'help' }
  | { readonly name: 'verify'; readonly common: Common; readonly scope: Scope; readonly file: string | null }
  | { readonly name: 'history'; readonly common: Common; readonly stream: string }
  | { readonly name: 'correlation'; readonly common: Common; readonly correlationId: string }
  | { readonly name: 'replay'; readonly common: Common; readonly stream: string; readonly at: PointInTime; readonly steps: boolean }
  | { readonly name: 'read-model'; readonly common: Common; readonly target: { readonly projection: string; readonly collection: string } | null; readonly at: PointInTime; readonly query: ReadModelQuery }
  | { readonly name: 'export'; readonly common: Common; readonly scope: Scope; readonly after: number; readonly out: string | null };

export type ReadModelQuery = { readonly kind: 'id'; readonly id: string } | { readonly kind: 'filter'; readonly filter: Record<string, unknown>; readonly limit: number };

const OPTIONS = {
  'data-dir': { type: 'string' },
  'events-esdb': { type: 'string' },
  'events-esdb-namespace': { type: 'string' },
  json: { type: 'boolean' },
  'open-personal-data': { type: 'boolean' },
  'keys-db': { type: 'string' },
  'keys-mongodb-uri': { type: 'string' },
  'keys-mongodb-database': { type: 'string' },
  'keys-mongodb-collection': { type: 'string' },
  'page-size': { type: 'string' },
  stream: { type: 'string' },
  category: { type: 'string' },
  revision: { type: 'string' },
  position: { type: 'string' },
  at: { type: 'string' },
  steps: { type: 'boolean' },
  id: { type: 'string' },
  filter: { type: 'string' },
  limit: { type: 'string' },
  after: { type: 'string' },
  out: { type: 'string' },
  file: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;
const KEY_OPTIONS = ['keys-db', 'keys-mongodb-uri', 'keys-mongodb-database', 'keys-mongodb-collection'] as const;
const COMMON: readonly OptionName[] = ['data-dir', 'events-esdb', 'events-esdb-namespace', 'json', 'open-personal-data', ...KEY_OPTIONS, 'page-size', 'help'];

/** The options each command accepts besides the common ones, and how many positional arguments it takes. */
const COMMANDS: Readonly<Record<Exclude<Command['name'], 'help'>, { readonly options: readonly OptionName[]; readonly positionals: readonly [number, number] }>> = {
  verify: { options: ['stream', 'category', 'file'], positionals: [0, 0] },
  history: { options: [], positionals: [1, 1] },
  correlation: { options: [], positionals: [1, 1] },
  replay: { options: ['revision', 'position', 'at', 'steps'], positionals: [1, 1] },
  'read-model': { options: ['position', 'at', 'id', 'filter', 'limit'], positionals: [0, 2] },
  export: { options: ['stream', 'category', 'after', 'out'], positionals: [0, 0] },
};

const invalid = (argument: string, reason: string): AuditError => new AuditError({ _tag: 'InvalidArgument', argument, reason });

const count = (name: string, text: string | undefined, fallback: number, min = 0): number => {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) throw invalid(`--${name}`, `${JSON.stringify(text)} is not an integer >= ${min}`);
  return Number(text);
};

const isCommand = (name: string | undefined): name is keyof typeof COMMANDS => name !== undefined && Object.hasOwn(COMMANDS, name);

type KeyOptionValues = { readonly [K in (typeof KEY_OPTIONS)[number]]?: string | undefined };

type EventOptionValues = { readonly 'data-dir'?: string | undefined; readonly 'events-esdb'?: string | undefined; readonly 'events-esdb-namespace'?: string | undefined };

/**
 * Where the events are: `--events-esdb` (or `$ESDB_CONNECTION_STRING` when no `--data-dir` is given) for a
 * scale-out shop's EventStoreDB, else the data folder (`--data-dir`, `$SHOPSTREAM_DATA_DIR`, `./data`). One place
 * only: an audit that mixed two logs would prove nothing about either.
 */
const eventSource = (values: EventOptionValues, env: Readonly<Record<string, string | undefined>>, base: string): EventSource => {
  const flag = values['events-esdb'];
  // A password on the command line shows in the process list and the shell's history: it comes from the environment.
  if (flag !== undefined && /^esdb(\+discover)?:\/\/[^@/]*:[^@/]*@/i.test(flag.trim())) {
    throw invalid('--events-esdb', `holds a password, which the process list would show; put the connection string in $${ESDB_CONNECTION_STRING_VARIABLE} instead`);
  }
  if (flag !== undefined && values['data-dir'] !== undefined) throw invalid('--events-esdb', 'give --events-esdb or --data-dir, not both: the events are read from one place');
  const fromEnv = values['data-dir'] === undefined ? env[ESDB_CONNECTION_STRING_VARIABLE] || undefined : undefined;
  if (flag === undefined && fromEnv !== undefined && env.SHOPSTREAM_DATA_DIR) {
    throw invalid(`$${ESDB_CONNECTION_STRING_VARIABLE}`, 'and $SHOPSTREAM_DATA_DIR both name where the events are; unset one, or give --data-dir');
  }
  const connectionString = flag ?? fromEnv;
  const namespace = values['events-esdb-namespace'];
  if (connectionString === undefined) {
    if (namespace !== undefined) throw invalid('--events-esdb-namespace', `needs --events-esdb or $${ESDB_CONNECTION_STRING_VARIABLE}`);
    return { kind: 'sqlite', dataDir: resolve(base, values['data-dir'] ?? env.SHOPSTREAM_DATA_DIR ?? './data') };
  }
  if (connectionString.trim() === '') throw invalid('--events-esdb', 'is empty');
  return { kind: 'eventstoredb', connectionString, namespace: namespace ?? null };
};

/**
 * The key source the command line names: `--keys-mongodb-uri` (or `$SHOPSTREAM_KEYS_MONGODB_URI`) for a key store
 * on MongoDB, else `--keys-db`, else `<data-dir>/keys.db`. Key options only mean something with `--open-personal-data`.
 */
const keySource = (
  values: KeyOptionValues,
  env: Readonly<Record<string, string | undefined>>,
  at: { readonly base: string; readonly dataDir: string | null; readonly openPersonalData: boolean },
): KeySource | null => {
  const given = KEY_OPTIONS.filter((option) => values[option] !== undefined);
  const first = given[0];
  if (first !== undefined && !at.openPersonalData) throw invalid(`--${first}`, 'names where to read keys from; give it with --open-personal-data');
  const flagUri = values['keys-mongodb-uri'];
  // A password on the command line shows in the process list and the shell's history: it comes from the environment.
  if (flagUri !== undefined && /^mongodb(\+srv)?:\/\/[^@/]*:[^@/]*@/.test(flagUri)) {
    throw invalid('--keys-mongodb-uri', `holds a password, which the process list would show; put the connection string in $${KEYS_MONGODB_URI_VARIABLE} instead`);
  }
  if (values['keys-db'] !== undefined) {
    if (flagUri !== undefined) throw invalid('--keys-db', 'give --keys-db or --keys-mongodb-uri, not both');
    const mongoOnly = given.find((option) => option.startsWith('keys-mongodb-'));
    if (mongoOnly !== undefined) throw invalid(`--${mongoOnly}`, 'names a key store on MongoDB; --keys-db names a key database');
    return { kind: 'sqlite', path: resolve(at.base, values['keys-db']) };
  }
  const uri = flagUri ?? (env[KEYS_MONGODB_URI_VARIABLE] || undefined);
  if (uri === undefined) {
    const orphan = given.find((option) => option.startsWith('keys-mongodb-'));
    if (orphan !== undefined) throw invalid(`--${orphan}`, `needs --keys-mongodb-uri or $${KEYS_MONGODB_URI_VARIABLE}`);
    if (at.dataDir !== null) return { kind: 'sqlite', path: join(at.dataDir, KEY_STORE_FILE) };
    if (at.openPersonalData) {
      throw invalid('--open-personal-data', `the events come from EventStoreDB, which holds no keys: name the key store with --keys-mongodb-uri (or $${KEYS_MONGODB_URI_VARIABLE}) or --keys-db`);
    }
    return null;
  }
  return {
    kind: 'mongodb',
    uri,
    database: values['keys-mongodb-database'] ?? KEYS_MONGODB_DEFAULTS.database,
    collection: values['keys-mongodb-collection'] ?? KEYS_MONGODB_DEFAULTS.collection,
  };
};

/** Reads the command line; every mistake is an `InvalidArgument` naming the argument. */
export const parseCommand = (argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Command => {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw invalid('command line', error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') return { name: 'help' };
  if (!isCommand(name)) throw invalid('command', `${JSON.stringify(name)} is not one of ${Object.keys(COMMANDS).join(', ')}`);
  const spec = COMMANDS[name];
  for (const option of Object.keys(values) as OptionName[]) {
    if (!COMMON.includes(option) && !spec.options.includes(option)) throw invalid(`--${option}`, `${name} does not take it`);
  }
  const [min, max] = spec.positionals;
  if (rest.length < min || rest.length > max) throw invalid(name, `takes ${min === max ? min : `${min} to ${max}`} argument(s), not ${rest.length}`);
  if (name === 'read-model' && rest.length === 1) throw invalid(name, 'takes a projection and a collection, or nothing to list them');

  // Run as `npm run audit -w @shopstream/audit -- ...`, the process starts in the package's folder: relative paths
  // then mean what they meant where the auditor typed the command (npm's INIT_CWD).
  const base = env.npm_lifecycle_event !== undefined && env.INIT_CWD !== undefined ? env.INIT_CWD : process.cwd();
  const events = eventSource(values, env, base);
  const openPersonalData = values['open-personal-data'] ?? false;
  const common: Common = {
    events,
    json: values.json ?? false,
    openPersonalData,
    keys: keySource(values, env, { base, dataDir: events.kind === 'sqlite' ? events.dataDir : null, openPersonalData }),
    pageSize: count('page-size', values['page-size'], 1000, 1),
  };
  const scope = (): Scope => {
    if (values.stream !== undefined && values.category !== undefined) throw invalid('--stream', 'give --stream or --category, not both');
    if (values.stream !== undefined) return { kind: 'stream', stream: values.stream };
    if (values.category !== undefined) return { kind: 'category', category: values.category };
    return { kind: 'log' };
  };
  const point = (): PointInTime => {
    const given = (['revision', 'position', 'at'] as const).filter((option) => values[option] !== undefined);
    if (given.length > 1) throw invalid(`--${given[1] ?? ''}`, `give one of --${given.join(', --')}`);
    if (values.revision !== undefined) return { kind: 'revision', revision: count('revision', values.revision, 0) };
    if (values.position !== undefined) return { kind: 'position', position: count('position', values.position, 0) };
    if (values.at !== undefined) return { kind: 'instant', at: values.at };
    return { kind: 'end' };
  };
  const first = rest[0] ?? '';

  switch (name) {
    case 'verify': {
      const file = values.file === undefined ? null : resolve(base, values.file);
      if (file !== null && (values.stream !== undefined || values.category !== undefined)) throw invalid('--file', 'verifies a whole export; give no --stream or --category with it');
      return { name, common, scope: scope(), file };
    }
    case 'history':
      return { name, common, stream: first };
    case 'correlation':
      return { name, common, correlationId: first };
    case 'replay':
      return { name, common, stream: first, at: point(), steps: values.steps ?? false };
    case 'read-model': {
      if (values.id !== undefined && values.filter !== undefined) throw invalid('--id', 'give --id or --filter, not both');
      let filter: unknown = {};
      if (values.filter !== undefined) {
        try {
          filter = JSON.parse(values.filter);
        } catch {
          throw invalid('--filter', 'is not JSON');
        }
        if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) throw invalid('--filter', 'must be a JSON object (a Mongo-style filter)');
      }
      const query: ReadModelQuery =
        values.id !== undefined ? { kind: 'id', id: values.id } : { kind: 'filter', filter: filter as Record<string, unknown>, limit: count('limit', values.limit, 100, 1) };
      const target = rest.length === 2 ? { projection: first, collection: rest[1] ?? '' } : null;
      return { name, common, target, at: point(), query };
    }
    case 'export':
      return { name, common, scope: scope(), after: count('after', values.after, 0), out: values.out === undefined ? null : resolve(base, values.out) };
  }
};

export const USAGE = `shopstream-audit: verify and replay a ShopStream shop's event history (read-only)

Usage: shopstream-audit <command> [arguments] [options]

Commands
  verify [--stream S | --category C]      check hash chains, revisions, positions, ids and payload schemas;
                                          what the scope or store cannot prove is listed as NOT CHECKED
  verify --file EXPORT.jsonl              the same checks on an export, off-line (no data folder needed)
  history <stream>                        a stream's events with their metadata and hashes
  correlation <correlationId>             every event one request caused, across streams
  replay <stream> [--revision N | --position N | --at ISO] [--steps]
                                          an aggregate's state as it stood then (and after each event)
  read-model                              list the read models
  read-model <projection> <collection> [--position N | --at ISO] [--id ID | --filter JSON [--limit N]]
                                          a read model as it stood then, rebuilt in memory
  export [--stream S | --category C] [--after N] [--out FILE]
                                          the log as JSON Lines, exactly as stored

Options
  --data-dir DIR          the shop's data folder (default $SHOPSTREAM_DATA_DIR, else ./data)
  --events-esdb ESDB      read a scale-out shop's events from EventStoreDB instead (esdb://host:2113?tls=...;
                          default $ESDB_CONNECTION_STRING when no --data-dir is given, where a connection string
                          with a password belongs); read rights on $all and the shop's streams suffice.
                          Keys then come from --keys-mongodb-uri or --keys-db
  --events-esdb-namespace NS
                          the namespace the shop's store keeps its streams under, if it has one
  --json                  one JSON document on stdout, for machines
  --open-personal-data    open sealed personal data with the shop's key store, read-only (master key
                          from $SHOPSTREAM_MASTER_KEY, else <data-dir>/master.key); otherwise it stays sealed
  --keys-db FILE          the key database to open (default <data-dir>/keys.db)
  --keys-mongodb-uri URI  open the key store on MongoDB instead (a scaled-out shop's; default
                          $SHOPSTREAM_KEYS_MONGODB_URI, where a URI with a password belongs); the master key
                          must then be in $SHOPSTREAM_MASTER_KEY; MongoDB's read role suffices
  --keys-mongodb-database DB, --keys-mongodb-collection C
                          where on MongoDB (default shopstream, data_keys: the reference host's)
  --page-size N           events read at a time (default 1000)

Exit codes: 0 done (verify: no finding), 1 verify found something, 2 refused input, 3 a fault reading the store.
`;
