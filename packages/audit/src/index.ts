// Errors
export { AuditError, isAuditError } from './errors.js';
export type { AuditErrorDetail, AuditErrorTag } from './errors.js';

// Reading the log
export type { AuditLog, LogExtent } from './source/auditLog.js';
export { sqliteLog } from './source/sqliteLog.js';
export type { SqliteLog, SqliteLogOptions } from './source/sqliteLog.js';
export { eventStoreDbLog } from './source/eventStoreDbLog.js';
export type { EventStoreDbLogOptions, OpenEventStoreDbReader } from './source/eventStoreDbLog.js';
export { readScope } from './source/scope.js';
export type { Scope, ScopeReadOptions } from './source/scope.js';

// Verifying it
export { verifyLog, verifyPages } from './verify/verify.js';
export type { NotChecked, VerifiedScope, VerifyOptions, VerifyReport } from './verify/verify.js';
export { jsonLinesPages } from './verify/jsonLines.js';
export { FINDING_TAGS, describeFinding } from './verify/findings.js';
export type { Finding, FindingTag } from './verify/findings.js';

// The embedded shop's data folder
export { EVENTS_FILE, openShopData } from './source/shopData.js';
export type { ShopData } from './source/shopData.js';

// History
export { causationDepths, correlatedHistory, streamHistory } from './history/history.js';
export type { HistoryEntry, HistoryOptions } from './history/history.js';

// Replaying aggregates
export { aggregate, commerceAggregates } from './replay/aggregates.js';
export type { Aggregate } from './replay/aggregates.js';
export { replayAggregate } from './replay/replay.js';
export type { Replay, ReplayOptions, ReplayStep } from './replay/replay.js';
export { checkPoint } from './replay/point.js';
export type { PointInTime } from './replay/point.js';

// Read models in the past
export { readModelsAt } from './readModels/readModelsAt.js';
export type { ReadModelsAt, ReadModelsAtOptions } from './readModels/readModelsAt.js';
export { logUpTo } from './readModels/logUpTo.js';
export { positionAt } from './readModels/positionAt.js';

// Export
export { exportJsonLines } from './export/exportLog.js';
export type { ExportOptions } from './export/exportLog.js';

// Personal data
export { erasedSubjectsOf, presenter } from './privacy/personalData.js';
export type { PersonalDataOptions, PersonalDataView } from './privacy/personalData.js';
export { auditKeyReader, keyStoreReader } from './privacy/keyStoreReader.js';
export type { KeyStoreReader, KeyStoreReaderOptions } from './privacy/keyStoreReader.js';
export { mongoKeyStoreReader } from './privacy/mongoKeys.js';
export type { OpenMongoKeyReader } from './privacy/mongoKeys.js';
