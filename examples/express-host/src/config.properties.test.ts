import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePassword } from './admin.js';
import { ConfigError, hostConfig } from './config.js';

const TRUE = ['true', '1', 'yes', 'on'] as const;
const FALSE = ['false', '0', 'no', 'off'] as const;

describe('hostConfig, for any input', () => {
  it('reads every accepted spelling of a flag as the boolean it names', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRUE, ...FALSE), fc.constantFrom('SHOPSTREAM_SANDBOX', 'SHOPSTREAM_DEMO_CATALOG'), (spelling, name) => {
        expect(hostConfig({ [name]: spelling })[name]).toBe((TRUE as readonly string[]).includes(spelling));
      }),
      { numRuns: 40 },
    );
  });

  it('takes a port in 0..65535 as that number and refuses anything else, naming PORT', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 200_000 }), (port) => {
        if (port >= 0 && port <= 65_535) expect(hostConfig({ PORT: String(port) }).PORT).toBe(port);
        else expect(() => hostConfig({ PORT: String(port) })).toThrow(ConfigError);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses an admin password shorter than 12 characters and keeps a longer one as given', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (password) => {
        if (password.length >= 12) expect(hostConfig({ SHOPSTREAM_ADMIN_PASSWORD: password }).SHOPSTREAM_ADMIN_PASSWORD).toBe(password);
        else expect(() => hostConfig({ SHOPSTREAM_ADMIN_PASSWORD: password })).toThrow(/SHOPSTREAM_ADMIN_PASSWORD/);
      }),
      { numRuns: 50 },
    );
  });
});

describe('generatePassword', () => {
  it('is 24 URL-safe characters, never the same twice', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.constant(null), () => {
        const password = generatePassword();
        expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
        expect(seen.has(password)).toBe(false);
        seen.add(password);
      }),
      { numRuns: 50 },
    );
  });
});
