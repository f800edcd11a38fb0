import type { z } from 'zod';

/** Turns the payload of version `from` into the payload of version `from + 1`. */
export type Upcaster = (data: unknown) => unknown;

export interface EventTypeDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly type: Type;
  /** The current schema version. Stored events of older versions are upcast to it on read. */
  readonly version: number;
  readonly schema: Schema;
  /** `upcasters[v]` lifts a version-v payload to version v + 1, for every v below `version`. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

/** The domain event a definition describes. */
export type EventOf<D> = D extends EventTypeDefinition<infer T, infer S> ? { readonly type: T; readonly data: z.output<S> } : never;

export const defineEvent = <const Type extends string, Schema extends z.ZodType>(
  type: Type,
  schema: Schema,
  options: { version?: number; upcasters?: Record<number, Upcaster> } = {},
): EventTypeDefinition<Type, Schema> => {
  const version = options.version ?? 1;
  const upcasters = options.upcasters ?? {};
  if (!Number.isInteger(version) || version < 1) throw new TypeError(`${type}: version must be a positive integer`);
  for (let v = 1; v < version; v++) {
    if (!upcasters[v]) throw new TypeError(`${type}: missing the upcaster from version ${v} to ${v + 1}`);
  }
  return { type, version, schema, upcasters };
};

export type ValidationOutcome =
  | { readonly ok: true; readonly schemaVersion: number; readonly data: unknown }
  | { readonly ok: false; readonly issues: readonly string[] };

/**
 * The event types a store knows. Appends are validated against the current schema of their type; reads
 * return older versions upcast to the current one, so code only ever sees the newest shape and stored
 * history is never rewritten.
 */
export interface EventRegistry {
  readonly has: (type: string) => boolean;
  /** Validates a payload offered at a given version (the current one when left out). */
  readonly validate: (type: string, data: unknown, schemaVersion?: number) => ValidationOutcome;
  /** Lifts a stored payload to the current version of its type. Unknown types pass through unchanged. */
  readonly upcast: (type: string, schemaVersion: number, data: unknown) => { schemaVersion: number; data: unknown };
}

export interface RegistryOptions {
  /** Accept event types that are not registered (stored without validation). Default false. */
  readonly allowUnknownTypes?: boolean;
}

export const eventRegistry = (definitions: readonly EventTypeDefinition[], options: RegistryOptions = {}): EventRegistry => {
  const byType = new Map<string, EventTypeDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new TypeError(`event type ${definition.type} is registered twice`);
    byType.set(definition.type, definition);
  }
  const allowUnknown = options.allowUnknownTypes ?? false;

  const upcast = (type: string, schemaVersion: number, data: unknown) => {
    const definition = byType.get(type);
    if (!definition) return { schemaVersion, data };
    let current = data;
    for (let v = schemaVersion; v < definition.version; v++) {
      const step = definition.upcasters[v];
      // defineEvent guarantees a step for every version below the current one.
      if (step) current = step(current);
    }
    return { schemaVersion: Math.max(schemaVersion, definition.version), data: current };
  };

  return {
    has: (type) => byType.has(type),
    upcast,
    validate: (type, data, schemaVersion) => {
      const definition = byType.get(type);
      if (!definition) {
        return allowUnknown
          ? { ok: true, schemaVersion: schemaVersion ?? 1, data }
          : { ok: false, issues: [`unknown event type ${JSON.stringify(type)}`] };
      }
      const version = schemaVersion ?? definition.version;
      if (version > definition.version || version < 1 || !Number.isInteger(version)) {
        return { ok: false, issues: [`${type} has no schema version ${version} (current is ${definition.version})`] };
      }
      // Older versions are accepted only through their upcast form, so what is stored is what the current schema accepts.
      let candidate: unknown;
      try {
        candidate = upcast(type, version, data).data;
      } catch (error) {
        return { ok: false, issues: [`cannot upcast ${type} from version ${version}: ${error instanceof Error ? error.message : String(error)}`] };
      }
      const parsed = definition.schema.safeParse(candidate);
      if (!parsed.success) {
        return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
      }
      return version === definition.version
        ? { ok: true, schemaVersion: version, data: parsed.data }
        : { ok: true, schemaVersion: version, data };
    },
  };
};
