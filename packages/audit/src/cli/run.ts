import { isEventStoreError, isProjectionError, isReadStoreError } from '@shopstream/kernel';
import { exportJsonLines } from '../export/exportLog.js';
import { causationDepths, correlatedHistory, streamHistory } from '../history/history.js';
import type { HistoryEntry } from '../history/history.js';
import { AuditError, isAuditError } from '../errors.js';
import { keyStoreReader } from '../privacy/keyStoreReader.js';
import type { KeyStoreReader } from '../privacy/keyStoreReader.js';
import { mongoKeyStoreReader } from '../privacy/mongoKeys.js';
import type { OpenMongoKeyReader } from '../privacy/mongoKeys.js';
import { erasedSubjectsOf, presenter } from '../privacy/personalData.js';
import { readModelsAt } from '../readModels/readModelsAt.js';
import { replayAggregate } from '../replay/replay.js';
import { dirname } from 'node:path';
import { commerceEventRegistry } from '@shopstream/commerce';
import type { AuditLog } from '../source/auditLog.js';
import { eventStoreDbLog } from '../source/eventStoreDbLog.js';
import type { OpenEventStoreDbReader } from '../source/eventStoreDbLog.js';
import { openShopData } from '../source/shopData.js';
import { jsonLinesPages } from '../verify/jsonLines.js';
import { verifyLog, verifyPages } from '../verify/verify.js';
import { readModelProjections } from '@shopstream/read-models';
import { parseCommand, USAGE } from './args.js';
import type { Command, EventSource, KeySource } from './args.js';
import { fileOutput } from './io.js';
import type { Output } from './io.js';
import { entryText, indentJson, pointText, replayText, verifyText } from './text.js';

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Output;
  readonly stderr: Output;
  /** How a key store on MongoDB is opened to read; `mongoKeyReader` unless a test gives one on in-process documents. */
  readonly openMongoKeyReader?: OpenMongoKeyReader;
  /** How EventStoreDB is opened to read; `eventStoreDbReader` unless a test serves another store's history through it. */
  readonly openEventStoreDbReader?: OpenEventStoreDbReader;
}

/** The exit codes, so scripts can tell a finding from a mistake from a fault. */
export const EXIT = { ok: 0, findings: 1, refused: 2, fault: 3 } as const;

/** The shop's log, and its data folder when the events are in one (keys and the master key may be there too). */
interface ShopLog {
  readonly log: AuditLog;
  readonly dataDir: string | null;
}

type Run<C extends Command> = (command: C, data: ShopLog, io: CliIo) => Promise<number>;

/** The log, opened on first use: `verify --file` never needs one. */
interface LazyShopLog {
  get(): ShopLog;
  close(): Promise<void>;
}

const openShopLog = (source: EventSource, io: CliIo): ShopLog => {
  if (source.kind === 'sqlite') {
    const data = openShopData(source.dataDir);
    return { log: data.log, dataDir: data.dataDir };
  }
  const options = { connectionString: source.connectionString, registry: commerceEventRegistry(), ...(source.namespace === null ? {} : { namespace: source.namespace }) };
  return { log: eventStoreDbLog(options, io.openEventStoreDbReader), dataDir: null };
};

const lazyShopLog = (source: EventSource, io: CliIo): LazyShopLog => {
  let data: ShopLog | null = null;
  return {
    get: () => (data ??= openShopLog(source, io)),
    close: async () => {
      await data?.log.close();
    },
  };
};

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

const MASTER_KEY_VARIABLE = 'SHOPSTREAM_MASTER_KEY';

/** The key store the command line names, read-only; the master key only ever from the environment. */
const openKeys = async (source: KeySource, dataDir: string | null, io: CliIo): Promise<KeyStoreReader> => {
  const masterKey = io.env[MASTER_KEY_VARIABLE] || undefined;
  // Without a data folder (events on EventStoreDB), a key database's master.key is looked for beside it.
  if (source.kind === 'sqlite') return keyStoreReader({ dataDir: dataDir ?? dirname(source.path), path: source.path, ...(masterKey ? { masterKey } : {}) });
  if (masterKey === undefined) {
    throw new AuditError({ _tag: 'MasterKeyUnavailable', reason: `a key store on MongoDB has no master.key file beside it; set $${MASTER_KEY_VARIABLE} to the shop's master key` });
  }
  return mongoKeyStoreReader({ uri: source.uri, database: source.database, collection: source.collection, masterKey }, io.openMongoKeyReader);
};

/** The presenter the command line asked for: sealed data sealed, unless the key store is opened explicitly. */
const personalDataOf = async (command: Exclude<Command, { name: 'help' }>, data: ShopLog, io: CliIo) => {
  const erasedSubjects = await erasedSubjectsOf(data.log, command.common.pageSize);
  const source = command.common.keys;
  if (command.common.openPersonalData && source === null) {
    // parseCommand refuses this already; kept so that no path opens personal data without a key store named.
    throw new AuditError({ _tag: 'InvalidArgument', argument: '--open-personal-data', reason: 'no key store is named' });
  }
  const keys = command.common.openPersonalData && source !== null ? await openKeys(source, data.dataDir, io) : undefined;
  return { present: presenter({ erasedSubjects, ...(keys ? { keys } : {}) }), close: async () => keys?.close() };
};

const verifyFile = async (command: Extract<Command, { name: 'verify' }>, file: string, io: CliIo): Promise<number> => {
  const report = await verifyPages(jsonLinesPages(file, command.common.pageSize), { kind: 'file', path: file });
  await io.stdout.write(command.common.json ? json(report) : verifyText(report, file));
  return report.ok ? EXIT.ok : EXIT.findings;
};

const verify: Run<Extract<Command, { name: 'verify' }>> = async (command, data, io) => {
  // The head (and, where kept, the last assigned position) read together: appends made while verifying are left
  // for the next run. What the store cannot tell, verify reports as not checked.
  const { headPosition, lastAssignedPosition, contiguousPositions } = await data.log.extent();
  const report = await verifyLog(data.log, {
    scope: command.scope,
    pageSize: command.common.pageSize,
    contiguousPositions,
    ...(lastAssignedPosition === null ? {} : { lastAssignedPosition }),
    upTo: headPosition,
  });
  const where = data.dataDir === null ? { eventStore: data.log.location } : { dataDir: data.dataDir };
  await io.stdout.write(command.common.json ? json({ ...where, ...report }) : verifyText(report, data.log.location));
  return report.ok ? EXIT.ok : EXIT.findings;
};

const history: Run<Extract<Command, { name: 'history' }>> = async (command, data, io) => {
  const personal = await personalDataOf(command, data, io);
  try {
    const events: (HistoryEntry & { data: unknown })[] = [];
    for await (const entry of streamHistory(data.log, command.stream, { pageSize: command.common.pageSize })) {
      const shown = { ...entry, data: await personal.present(entry.data) };
      if (command.common.json) events.push(shown);
      else await io.stdout.write(`${entryText(entry, shown.data)}\n`);
    }
    if (command.common.json) await io.stdout.write(json({ stream: command.stream, events }));
    return EXIT.ok;
  } finally {
    await personal.close();
  }
};

const correlation: Run<Extract<Command, { name: 'correlation' }>> = async (command, data, io) => {
  const personal = await personalDataOf(command, data, io);
  try {
    const entries: HistoryEntry[] = [];
    for await (const entry of correlatedHistory(data.log, command.correlationId, { pageSize: command.common.pageSize })) entries.push(entry);
    const depths = causationDepths(entries);
    const events = await Promise.all(entries.map(async (entry, index) => ({ ...entry, depth: depths[index] ?? 0, data: await personal.present(entry.data) })));
    if (command.common.json) {
      await io.stdout.write(json({ correlationId: command.correlationId, streams: [...new Set(events.map((e) => e.stream))], events }));
    } else if (events.length === 0) {
      await io.stdout.write(`no event carries correlation id ${command.correlationId}\n`);
    } else {
      await io.stdout.write(`${events.length} event(s) in ${new Set(events.map((e) => e.stream)).size} stream(s) carry correlation id ${command.correlationId}, indented by causation:\n`);
      for (const event of events) await io.stdout.write(`${entryText(event, event.data, '  '.repeat(event.depth))}\n`);
    }
    return EXIT.ok;
  } finally {
    await personal.close();
  }
};

const replay: Run<Extract<Command, { name: 'replay' }>> = async (command, data, io) => {
  const personal = await personalDataOf(command, data, io);
  try {
    const result = await replayAggregate(data.log, command.stream, { at: command.at, steps: command.steps, pageSize: command.common.pageSize });
    const state = await personal.present(result.state);
    const steps = await Promise.all(result.steps.map((step) => personal.present(step.state)));
    await io.stdout.write(
      command.common.json ? json({ ...result, state, steps: result.steps.map((step, index) => ({ ...step, state: steps[index] })) }) : replayText(result, state, steps),
    );
    return EXIT.ok;
  } finally {
    await personal.close();
  }
};

const readModel: Run<Extract<Command, { name: 'read-model' }>> = async (command, data, io) => {
  const { target, query } = command;
  if (target === null) {
    const models = readModelProjections.map((p) => ({ projection: p.name, collections: p.logicalNames }));
    await io.stdout.write(command.common.json ? json({ readModels: models }) : `${models.map((m) => `${m.projection}: ${m.collections.join(', ')}`).join('\n')}\n`);
    return EXIT.ok;
  }
  const personal = await personalDataOf(command, data, io);
  let models: Awaited<ReturnType<typeof readModelsAt>> | null = null;
  try {
    models = await readModelsAt(data.log, { at: command.at, only: [target.projection] });
    const collection = models.collection(target.projection, target.collection);
    const found = query.kind === 'id' ? [await collection.get(query.id)].filter((doc) => doc !== null) : await collection.find(query.filter, { limit: query.limit });
    const documents = await Promise.all(found.map((doc) => personal.present(doc)));
    const total = query.kind === 'id' ? documents.length : await collection.count(query.filter);
    if (command.common.json) {
      await io.stdout.write(json({ ...target, at: command.at, position: models.position, total, documents }));
    } else {
      await io.stdout.write(`${target.projection}/${target.collection} at ${pointText(command.at)} (log position ${models.position}): ${total} document(s)${total > documents.length ? `, first ${documents.length} shown` : ''}\n`);
      for (const doc of documents) await io.stdout.write(`${indentJson(doc, '  ')}\n`);
    }
    return EXIT.ok;
  } finally {
    await models?.close();
    await personal.close();
  }
};

const exportLog: Run<Extract<Command, { name: 'export' }>> = async (command, data, io) => {
  const out = command.out === null ? io.stdout : await fileOutput(command.out);
  let lines = 0;
  try {
    for await (const line of exportJsonLines(data.log, { scope: command.scope, after: command.after, upTo: await data.log.headPosition(), pageSize: command.common.pageSize })) {
      await out.write(line);
      lines += 1;
    }
  } finally {
    if (out !== io.stdout) await out.end();
  }
  if (command.out !== null) await io.stderr.write(`exported ${lines} event(s) to ${command.out}\n`);
  return EXIT.ok;
};

const run = (command: Exclude<Command, { name: 'help' }>, lazy: LazyShopLog, io: CliIo): Promise<number> => {
  if (command.name === 'verify' && command.file !== null) return verifyFile(command, command.file, io);
  const data = lazy.get();
  switch (command.name) {
    case 'verify':
      return verify(command, data, io);
    case 'history':
      return history(command, data, io);
    case 'correlation':
      return correlation(command, data, io);
    case 'replay':
      return replay(command, data, io);
    case 'read-model':
      return readModel(command, data, io);
    case 'export':
      return exportLog(command, data, io);
  }
};

/** A refusal the auditor can act on (a typed error with a `_tag`), or null for a fault. */
const refusalOf = (error: unknown): { readonly _tag: string } | null => {
  if (isAuditError(error) || isEventStoreError(error) || isProjectionError(error) || isReadStoreError(error)) return error.detail;
  if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return { _tag: 'OutputExists' };
  return null;
};

/** Runs one command line and answers its exit code; never throws. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  let json = argv.includes('--json');
  let data: LazyShopLog | null = null;
  try {
    const command = parseCommand(argv, io.env);
    if (command.name === 'help') {
      await io.stdout.write(USAGE);
      return EXIT.ok;
    }
    json = command.common.json;
    data = lazyShopLog(command.common.events, io);
    return await run(command, data, io);
  } catch (error) {
    const refusal = refusalOf(error);
    // One line, whatever the error: a driver's message may span several.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
    const detail = refusal ?? { _tag: 'Fault', message };
    await io.stderr.write(json ? `${JSON.stringify({ error: { ...detail, message } })}\n` : `shopstream-audit: ${message}\n${refusal?._tag === 'InvalidArgument' ? 'Run shopstream-audit --help for the usage.\n' : ''}`);
    return refusal ? EXIT.refused : EXIT.fault;
  } finally {
    await data?.close();
  }
};
