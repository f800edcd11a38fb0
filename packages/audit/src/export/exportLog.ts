import type { EventStore } from '@shopstream/kernel';
import { readScope } from '../source/scope.js';
import type { Scope } from '../source/scope.js';

export interface ExportOptions {
  readonly scope?: Scope;
  /** Only events after this position. */
  readonly after?: number;
  /** Only events up to this position. */
  readonly upTo?: number;
  readonly pageSize?: number;
}

/**
 * The log (or a stream, or a category) as JSON Lines, one stored event a line, exactly as stored: the payload
 * at its stored schema version, sealed personal data sealed, the hash as recorded. Each line carries every field
 * the hash covers, so the export can be verified off-line with the kernel's `eventHash`.
 */
export async function* exportJsonLines(store: EventStore, options: ExportOptions = {}): AsyncGenerator<string> {
  const read = {
    pageSize: options.pageSize ?? 1000,
    raw: true,
    ...(options.after === undefined ? {} : { after: options.after }),
    ...(options.upTo === undefined ? {} : { upTo: options.upTo }),
  };
  for await (const page of readScope(store, options.scope ?? { kind: 'log' }, read)) {
    for (const event of page) {
      yield `${JSON.stringify({
        position: event.position,
        id: event.id,
        stream: event.stream,
        revision: event.revision,
        type: event.type,
        schemaVersion: event.schemaVersion,
        occurredAt: event.occurredAt,
        data: event.data,
        metadata: event.metadata,
        hash: event.hash,
      })}\n`;
    }
  }
}
