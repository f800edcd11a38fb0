import type { ReadModelSource } from '../source.js';
import { funnelQuery } from './funnel/query.js';
import { returnRatesQuery } from './returns/query.js';
import { salesQuery } from './sales/query.js';
import { segmentPreferencesQuery } from './segments/preferences.js';
import { customerSegmentsQuery } from './segments/query.js';

/** Every report, read from the reports' projections. Each answers `Either<ReportError, Report>`. */
export const reportsQueries = (source: ReadModelSource) => ({
  sales: salesQuery(source),
  customerSegments: customerSegmentsQuery(source),
  segmentPreferences: segmentPreferencesQuery(source),
  returnRates: returnRatesQuery(source),
  funnel: funnelQuery(source),
});

export type ReportsQueries = ReturnType<typeof reportsQueries>;
