import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, eventRegistry } from './registry.js';

const renamed = defineEvent('CustomerRenamed', z.strictObject({ givenName: z.string(), familyName: z.string() }), {
  version: 3,
  upcasters: {
    1: (v1) => ({ fullName: (v1 as { name: string }).name }),
    2: (v2) => {
      const [givenName = '', ...rest] = (v2 as { fullName: string }).fullName.split(' ');
      return { givenName, familyName: rest.join(' ') };
    },
  },
});

describe('event registry', () => {
  const registry = eventRegistry([renamed]);

  it('upcasts through every version in order', () => {
    expect(registry.upcast('CustomerRenamed', 1, { name: 'Li Lei' })).toEqual({ schemaVersion: 3, data: { givenName: 'Li', familyName: 'Lei' } });
    expect(registry.upcast('CustomerRenamed', 2, { fullName: 'Han Meimei' })).toEqual({ schemaVersion: 3, data: { givenName: 'Han', familyName: 'Meimei' } });
    const current = { givenName: 'A', familyName: 'B' };
    expect(registry.upcast('CustomerRenamed', 3, current)).toEqual({ schemaVersion: 3, data: current });
  });

  it('passes unknown types through on read', () => {
    expect(registry.upcast('Other', 1, { x: 1 })).toEqual({ schemaVersion: 1, data: { x: 1 } });
  });

  it('validates current payloads with the schema and returns the parsed form', () => {
    expect(registry.validate('CustomerRenamed', { givenName: 'A', familyName: 'B' })).toEqual({
      ok: true,
      schemaVersion: 3,
      data: { givenName: 'A', familyName: 'B' },
    });
    const bad = registry.validate('CustomerRenamed', { givenName: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.join()).toContain('givenName');
  });

  it('validates an old version through its upcast form but keeps it as given', () => {
    expect(registry.validate('CustomerRenamed', { name: 'Li Lei' }, 1)).toEqual({ ok: true, schemaVersion: 1, data: { name: 'Li Lei' } });
    expect(registry.validate('CustomerRenamed', { name: 42 }, 1).ok).toBe(false);
  });

  it('refuses unknown types and versions unless told otherwise', () => {
    expect(registry.validate('Nope', {}).ok).toBe(false);
    expect(registry.validate('CustomerRenamed', {}, 4).ok).toBe(false);
    expect(registry.validate('CustomerRenamed', {}, 0).ok).toBe(false);
    expect(eventRegistry([renamed], { allowUnknownTypes: true }).validate('Nope', { x: 1 })).toEqual({ ok: true, schemaVersion: 1, data: { x: 1 } });
  });

  it('refuses definitions with a missing upcaster or a type registered twice', () => {
    expect(() => defineEvent('X', z.object({}), { version: 2 })).toThrow(/upcaster from version 1/);
    expect(() => eventRegistry([renamed, renamed])).toThrow(/twice/);
  });
});
