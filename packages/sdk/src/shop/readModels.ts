import type { PersonalDataVault } from '@shopstream/commerce/privacy';
import type { ReadModelSource } from '@shopstream/read-models';
import { accountsQueries } from '@shopstream/read-models/accounts';
import { moneyOwedQueries } from '@shopstream/read-models/moneyOwed';
import { ordersQueries } from '@shopstream/read-models/orders';
import { recommendationsQueries } from '@shopstream/read-models/recommendations';
import { reportsQueries } from '@shopstream/read-models/reports';
import { riskQueries } from '@shopstream/read-models/risk';
import { searchQueries } from '@shopstream/read-models/search';
import { trackingQueries } from '@shopstream/read-models/tracking';

/** The read models' queries over the shop's projection runtime. */
export const shopReadModels = (source: ReadModelSource, vault: PersonalDataVault, searchCandidates: 'memory' | 'store') => ({
  accounts: accountsQueries(source, { vault }),
  moneyOwed: moneyOwedQueries(source),
  orders: ordersQueries(source),
  recommendations: recommendationsQueries(source),
  reports: reportsQueries(source),
  risk: riskQueries(source),
  search: searchQueries(source, { candidates: searchCandidates }),
  tracking: trackingQueries(source),
});

export type ShopReadModels = ReturnType<typeof shopReadModels>;
