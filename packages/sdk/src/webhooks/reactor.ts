import { defineReactor } from '@shopstream/kernel';
import type { Event, JsonValue, Reaction, RecordedEvent, Reactor } from '@shopstream/kernel';
import type { WebhookEndpoint } from './endpoints.js';
import type { WebhookOutbox } from './outbox.js';

/**
 * Feeds the outbox from the event log: one reaction per event type some endpoint wants. Reactors are delivered
 * at least once, and enqueuing the same event again is a no-op, so a restart sends nothing twice that was
 * already delivered within the outbox's retention.
 */
export const webhookReactor = (outbox: Pick<WebhookOutbox, 'enqueue'>, eventTypes: readonly string[], name = 'webhooks'): Reactor<Event> => {
  const reaction: Reaction<RecordedEvent> = async (event) => {
    await outbox.enqueue({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data as JsonValue });
  };
  return defineReactor<Event>({ name, handlers: Object.fromEntries(eventTypes.map((type) => [type, reaction])) });
};

/** The event types to subscribe to for these endpoints; `allEventTypes` stands in for an endpoint's '*'. */
export const wantedEventTypes = (endpoints: readonly WebhookEndpoint[], allEventTypes: readonly string[]): readonly string[] =>
  [...new Set(endpoints.flatMap((endpoint) => (endpoint.events === '*' ? allEventTypes : endpoint.events)))].sort();
