import type { Subject, ViewSource } from '@shopstream/commerce/behaviour';
import type { CallOptions, Outcome } from '../call.js';

/** What shoppers look at, search for and keep: the signals recommendations and reports learn from. */
export interface BehaviourFacade {
  /** recordProductView */
  recordProductView(input: { readonly subject: Subject; readonly productId: string; readonly source?: ViewSource }, options?: CallOptions): Outcome<void>;
  recordSearch(input: { readonly subject: Subject; readonly query: string; readonly resultCount: number; readonly page?: number }, options?: CallOptions): Outcome<void>;
  /** A session that signs in: its anonymous activity is linked to the customer. */
  identifySession(input: { readonly sessionId: string; readonly customerId: string }, options?: CallOptions): Outcome<void>;
  favourite(input: { readonly subject: Subject; readonly productId: string }, options?: CallOptions): Outcome<void>;
  unfavourite(input: { readonly subject: Subject; readonly productId: string }, options?: CallOptions): Outcome<void>;
}
