import type { PersonalDataVault } from '@shopstream/commerce/privacy';
import type { ReadModelSource } from '@shopstream/read-models';
import { accountsQueries } from '@shopstream/read-models/accounts';
import { ordersQueries } from '@shopstream/read-models/orders';
import { recommendationsQueries } from '@shopstream/read-models/recommendations';
import { searchQueries } from '@shopstream/read-models/search';

/** The read models' queries over the shop's projection runtime. */
export const shopReadModels = (source: ReadModelSource, vault: PersonalDataVault) => ({
  accounts: accountsQueries(source, { vault }),
  orders: ordersQueries(source),
  recommendations: recommendationsQueries(source),
  search: searchQueries(source),
});

export type ShopReadModels = ReturnType<typeof shopReadModels>;
