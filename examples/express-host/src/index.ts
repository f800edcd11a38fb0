// Running the host
export { startHost } from './host.js';
export type { Host, HostOptions } from './host.js';

// Its configuration
export { ConfigError, hostConfig } from './config.js';
export type { HostConfig } from './config.js';

// Its parts
export { BOOTSTRAP_GRANTOR, ensureAdmin, generatePassword } from './admin.js';
export type { AdminAccount, AdminBootstrap } from './admin.js';
export { errorFields, hostLogger } from './logging.js';
export type { HostLogger } from './logging.js';
