import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSecrets } from './secrets.js';

const folder = () => mkdtempSync(join(tmpdir(), 'shopstream-secrets-'));
const peppers = () => ({ contactPepper: randomBytes(32), codePepper: randomBytes(32) });

describe('the peppers of a shop', () => {
  it('are made once for a data folder and read back unchanged at every start after', () => {
    const dataDir = folder();
    const first = resolveSecrets(undefined, dataDir);
    const again = resolveSecrets(undefined, dataDir);
    expect(Buffer.from(again.contactPepper).equals(Buffer.from(first.contactPepper))).toBe(true);
    expect(Buffer.from(again.codePepper).equals(Buffer.from(first.codePepper))).toBe(true);
    expect(Buffer.from(first.contactPepper).equals(Buffer.from(first.codePepper))).toBe(false);
  });

  it('given, are used as given, and nothing is written for them', () => {
    const dataDir = folder();
    const given = peppers();
    expect(resolveSecrets(given, dataDir)).toBe(given);
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
  });

  it('given for a folder whose shop made its own, must be the same ones: other peppers would make every contact unknown', () => {
    const dataDir = folder();
    const made = resolveSecrets(undefined, dataDir);
    const copy = { contactPepper: Buffer.from(made.contactPepper), codePepper: Buffer.from(made.codePepper) };
    expect(resolveSecrets(copy, dataDir)).toBe(copy);
    expect(() => resolveSecrets(peppers(), dataDir)).toThrow(/peppers .* differ/);
    expect(() => resolveSecrets({ ...copy, codePepper: randomBytes(32) }, dataDir)).toThrow(/differ/);
  });
});
