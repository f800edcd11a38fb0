import { match } from 'ts-pattern';
import type { InboxEvent } from './events.js';

/**
 * What a customer has read, as positions in the log: everything at or before `readUpTo`, plus the notifications
 * marked one by one after it. Marking up to a position forgets the single marks it covers, so the state stays as
 * small as the part of the inbox read out of order.
 */
export interface InboxState {
  /** -1 while nothing was marked read up to a notification. */
  readonly readUpTo: number;
  /** Positions of notifications read one by one, each after `readUpTo`, ascending. */
  readonly readAfter: readonly number[];
}

export const initialState = (): InboxState => ({ readUpTo: -1, readAfter: [] });

/** Whether the notification at this position is already read. */
export const isRead = (state: InboxState, position: number): boolean => position <= state.readUpTo || state.readAfter.includes(position);

export const evolve = (state: InboxState, event: InboxEvent): InboxState =>
  match(event)
    .with({ type: 'NotificationRead' }, ({ data }): InboxState =>
      isRead(state, data.position) ? state : { ...state, readAfter: [...state.readAfter, data.position].sort((a, b) => a - b) },
    )
    .with({ type: 'NotificationsReadUpTo' }, ({ data }): InboxState =>
      data.position <= state.readUpTo ? state : { readUpTo: data.position, readAfter: state.readAfter.filter((p) => p > data.position) },
    )
    .exhaustive();
