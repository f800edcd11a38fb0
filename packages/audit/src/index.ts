// Errors
export { AuditError, isAuditError } from './errors.js';
export type { AuditErrorDetail, AuditErrorTag } from './errors.js';

// Reading the log
export { sqliteLog } from './source/sqliteLog.js';
export type { SqliteLog, SqliteLogOptions } from './source/sqliteLog.js';
export { readScope } from './source/scope.js';
export type { Scope, ScopeReadOptions } from './source/scope.js';

// Verifying it
export { verifyLog } from './verify/verify.js';
export type { VerifyOptions, VerifyReport } from './verify/verify.js';
export { FINDING_TAGS, describeFinding } from './verify/findings.js';
export type { Finding, FindingTag } from './verify/findings.js';
