import { describe, expect, it } from 'vitest';
import { ConfigError, hostConfig, publicUrl } from './config.js';

describe('hostConfig', () => {
  it('runs with nothing set: port 3000, ./data, sandbox and demo catalog on', () => {
    const config = hostConfig({});
    expect(config).toMatchObject({ PORT: 3000, SHOPSTREAM_DATA_DIR: './data', SHOPSTREAM_SANDBOX: true, SHOPSTREAM_DEMO_CATALOG: true, SHOPSTREAM_CORS_ORIGINS: [] });
    expect(config.SHOPSTREAM_ADMIN_PASSWORD).toBeUndefined();
  });

  it('reads what is set, and treats empty variables as unset', () => {
    const config = hostConfig({ PORT: '8080', SHOPSTREAM_SANDBOX: 'off', SHOPSTREAM_DATA_DIR: '', SHOPSTREAM_CORS_ORIGINS: 'https://shop.example, http://localhost:5173' });
    expect(config.PORT).toBe(8080);
    expect(config.SHOPSTREAM_SANDBOX).toBe(false);
    expect(config.SHOPSTREAM_DATA_DIR).toBe('./data');
    expect(config.SHOPSTREAM_CORS_ORIGINS).toEqual(['https://shop.example', 'http://localhost:5173']);
  });

  it('lists every problem at once, naming the variable', () => {
    let caught: unknown;
    try {
      hostConfig({ PORT: 'eighty', SHOPSTREAM_SANDBOX: 'maybe', SHOPSTREAM_ADMIN_PASSWORD: 'short', SHOPSTREAM_CORS_ORIGINS: 'ftp://x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'SHOPSTREAM_SANDBOX', 'SHOPSTREAM_ADMIN_PASSWORD', 'SHOPSTREAM_CORS_ORIGINS']) expect(problems).toContain(name);
  });

  it("the public URL the sandbox pages are served under: given, or the host's own", () => {
    expect(publicUrl(hostConfig({}))).toBe('http://localhost:3000');
    expect(publicUrl(hostConfig({ PORT: '8080', HOST: '127.0.0.1' }))).toBe('http://127.0.0.1:8080');
    expect(publicUrl(hostConfig({ PORT: '8080', HOST: '::1' }))).toBe('http://[::1]:8080');
    expect(publicUrl(hostConfig({ PORT: '0' }))).toBeNull();
    expect(publicUrl(hostConfig({ PORT: '0', SHOPSTREAM_PUBLIC_URL: 'https://shop.example/' }))).toBe('https://shop.example/');
    expect(() => hostConfig({ SHOPSTREAM_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/SHOPSTREAM_PUBLIC_URL must be an http or https URL/);
    expect(() => hostConfig({ SHOPSTREAM_PUBLIC_URL: 'shop.example' })).toThrow(/SHOPSTREAM_PUBLIC_URL/);
  });
});
