import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { HandleOptions } from '@shopstream/kernel';
import { ActivityCommand, activityStream, dayOf, FavouriteCommand, favouritesStream } from '@shopstream/commerce/behaviour';
import type { Subject } from '@shopstream/commerce/behaviour';
import type { ShopContext } from '../../shop/context.js';
import type { ShopError } from '../errors.js';
import { parse } from '../support.js';
import type { BehaviourFacade } from './api.js';

const done = <L, R>(result: Either<L, R>): Either<L, void> => E.map(() => undefined)(result);

export const behaviourFacade = (context: ShopContext): BehaviourFacade => {
  const { handlers, gate, clock } = context;

  /** Today's activity stream of the subject: the command's day is the decision's day. */
  const activity = async (build: (subject: Subject, day: string) => unknown, subject: Subject, h: HandleOptions): Promise<Either<ShopError, void>> => {
    const day = dayOf(clock.now());
    const parsed = parse(ActivityCommand, build(subject, day));
    if (E.isLeft(parsed)) return parsed;
    return done(await handlers.activity(activityStream(subject, day), parsed.right, h));
  };

  const favourite = async (type: 'FavouriteProduct' | 'UnfavouriteProduct', subject: Subject, productId: string, h: HandleOptions): Promise<Either<ShopError, void>> => {
    const parsed = parse(FavouriteCommand, { type, subject, productId });
    if (E.isLeft(parsed)) return parsed;
    return done(await handlers.favourites(favouritesStream(subject), parsed.right, h));
  };

  return {
    recordProductView: (input, options) =>
      gate.run(options, (h) =>
        activity((subject, day) => ({ type: 'RecordProductView', subject, day, productId: input.productId, source: input.source ?? 'direct' }), input.subject, h),
      ),
    recordSearch: (input, options) =>
      gate.run(options, (h) =>
        activity((subject, day) => ({ type: 'RecordSearch', subject, day, query: input.query, resultCount: input.resultCount, page: input.page ?? 1 }), input.subject, h),
      ),
    identifySession: (input, options) =>
      gate.run(options, (h) =>
        activity((subject, day) => ({ type: 'IdentifySession', subject, day, customerId: input.customerId }), { kind: 'session', id: input.sessionId }, h),
      ),
    favourite: (input, options) => gate.run(options, (h) => favourite('FavouriteProduct', input.subject, input.productId, h)),
    unfavourite: (input, options) => gate.run(options, (h) => favourite('UnfavouriteProduct', input.subject, input.productId, h)),
  };
};
