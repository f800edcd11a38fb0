import { describe, expect, it } from 'vitest';
import { commerceEventRegistry, commerceEvents } from './index.js';

describe('the commerce package', () => {
  it('registers every event type once, under a name no other context uses', () => {
    const types = commerceEvents.map((definition) => definition.type);
    expect(new Set(types).size).toBe(types.length);
    expect(() => commerceEventRegistry()).not.toThrow();
  });

  it('names events in the past tense of the shop, as PascalCase words', () => {
    for (const { type } of commerceEvents) expect(type).toMatch(/^[A-Z][A-Za-z]+$/);
  });
});
