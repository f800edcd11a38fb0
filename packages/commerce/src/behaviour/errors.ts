import type { Subject } from './events.js';

export type BehaviourError =
  | { readonly _tag: 'WrongDay'; readonly streamDay: string; readonly today: string }
  | { readonly _tag: 'SubjectMismatch'; readonly expected: Subject; readonly received: Subject }
  | { readonly _tag: 'DailyLimitReached'; readonly limit: number }
  | { readonly _tag: 'EmptyQuery' }
  | { readonly _tag: 'InvalidCount'; readonly field: 'resultCount' | 'itemCount' | 'page'; readonly value: number }
  | { readonly _tag: 'NotASession'; readonly subject: Subject }
  | { readonly _tag: 'SessionAlreadyIdentified'; readonly sessionId: string; readonly customerId: string }
  | { readonly _tag: 'FavouritesFull'; readonly limit: number };

export type BehaviourErrorTag = BehaviourError['_tag'];
