import type { JsonValue } from '@shopstream/kernel';
import { z } from 'zod';

/** The body a receiver gets: the event as the shop recorded it. */
export interface WebhookPayload {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly data: JsonValue;
}

/** One event on its way to one endpoint, as the outbox keeps it in the state store. */
export interface WebhookDelivery {
  /** `<endpoint id>:<event id>`. */
  readonly id: string;
  readonly endpointId: string;
  readonly payload: WebhookPayload;
  /** Epoch milliseconds. */
  readonly enqueuedAt: number;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  /** While a dispatcher is posting it, until when no other dispatcher may take it. */
  readonly leasedUntil: number | null;
  readonly lastError: string | null;
}

const json: z.ZodType<JsonValue> = z.json();

const deliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  payload: z.object({ id: z.string(), type: z.string(), occurredAt: z.string(), data: json }),
  enqueuedAt: z.number(),
  attempts: z.number().int(),
  nextAttemptAt: z.number(),
  leasedUntil: z.number().nullable(),
  lastError: z.string().nullable(),
});

/** A delivery given up after failing for longer than the retry policy's max age. */
export interface DeadWebhookDelivery extends WebhookDelivery {
  readonly diedAt: number;
}

const deadSchema = deliverySchema.extend({ diedAt: z.number() });

export const deliveryId = (endpointId: string, eventId: string): string => `${endpointId}:${eventId}`;

/** Reads a stored delivery; anything else in the namespace is a fault of whoever wrote it. */
export const decodeDelivery = (value: JsonValue): WebhookDelivery => deliverySchema.parse(value);

export const encodeDelivery = (delivery: WebhookDelivery): JsonValue => ({
  ...delivery,
  payload: { ...delivery.payload },
});

export const decodeDeadDelivery = (value: JsonValue): DeadWebhookDelivery => deadSchema.parse(value);

export const encodeDeadDelivery = (delivery: DeadWebhookDelivery): JsonValue => ({ ...delivery, payload: { ...delivery.payload } });
