import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '@shopstream/kernel';
import { z } from 'zod';
import { AuditError } from '../errors.js';

/** One line of `exportJsonLines`: a stored event with every field its hash covers. */
const ExportedEvent = z.object({
  position: z.number().int().nonnegative(),
  id: z.string(),
  stream: z.string(),
  revision: z.number().int(),
  type: z.string(),
  schemaVersion: z.number().int(),
  occurredAt: z.string(),
  data: z.unknown(),
  metadata: z.object({
    correlationId: z.string(),
    causationId: z.string().nullable(),
    actor: z.object({ kind: z.enum(['customer', 'staff', 'auditor', 'integration', 'system']), id: z.string() }).nullable(),
    traceparent: z.string().nullable(),
    tracestate: z.string().nullable(),
  }),
  hash: z.string(),
});

/**
 * The events of a JSON Lines export, in pages, read from the file as it is iterated. A line that is not an
 * exported event is refused (`InvalidArgument`, with its line number) rather than guessed at.
 */
export async function* jsonLinesPages(path: string, pageSize = 1000): AsyncGenerator<readonly RecordedEvent[]> {
  if (!existsSync(path)) throw new AuditError({ _tag: 'InvalidArgument', argument: '--file', reason: `${path} does not exist` });
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let page: RecordedEvent[] = [];
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new AuditError({ _tag: 'InvalidArgument', argument: '--file', reason: `line ${number} is not JSON` });
    }
    const event = ExportedEvent.safeParse(parsed);
    if (!event.success) throw new AuditError({ _tag: 'InvalidArgument', argument: '--file', reason: `line ${number} is not an exported event: ${event.error.issues[0]?.message ?? ''}` });
    // Exactly the parsed line: the hash is checked over what the file says, not over a schema's reading of it.
    page.push(parsed as RecordedEvent);
    if (page.length >= pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
