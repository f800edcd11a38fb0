// Projections: what the SDK hands to the projection runtime
export { reportsProjections, reportsProjectionsIn, salesProjection, funnelProjection } from './projection.js';
export type { ReportsOptions } from './projection.js';
export { DEFAULT_TIME_ZONE } from './calendar.js';
export { SALES_PROJECTION, FUNNEL_PROJECTION, CHANNELS, FUNNEL_STAGES } from './documents.js';
export type { Channel, FunnelStage, ReturnStatus } from './documents.js';

// Queries
export { reportsQueries } from './queries.js';
export type { ReportsQueries } from './queries.js';
export { SALES_DIMENSIONS, SALES_MEASURES } from './sales/query.js';
export type { SalesDimension, SalesFilters, SalesMeasure, SalesReport, SalesRequest, SalesRow } from './sales/query.js';
export type { CustomerSegmentRow, CustomerSegmentsReport, SegmentSummary, SegmentsRequest } from './segments/query.js';
export type { PreferenceRow, PreferencesRequest } from './segments/preferences.js';
export { CUSTOMER_SEGMENTS, DEFAULT_POWER_BANDS } from './segments/rfm.js';
export type { CustomerSegment, CutPoints, PowerBand, RfmScoring } from './segments/rfm.js';
export { RETURN_DIMENSIONS } from './returns/query.js';
export type { ReturnDimension, ReturnRateRow, ReturnRatesRequest } from './returns/query.js';
export type { FunnelRequest, FunnelRow } from './funnel/query.js';

// Reports and their export
export type { Report, ReportCell, ReportColumn, ReportColumnKind, ReportError, ReportErrorTag, ReportRow } from './report.js';
export { toCsv, formatMinorUnits } from './csv/csv.js';
export type { CsvOptions } from './csv/csv.js';
