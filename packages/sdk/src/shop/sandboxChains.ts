import type { EventStore, HandleOptions, RecordedEvent } from '@shopstream/kernel';
import { paymentStream } from '@shopstream/commerce/payment';
import type { SignedNotification } from '@shopstream/commerce/payment';

/** What a sandbox notification's body names: its payment (the passback, the order), the attempt and, for a refund, the refund. */
interface Named {
  readonly orderId: string;
  readonly attemptId: string;
  readonly refundId: string | null;
}

const namedIn = (notification: SignedNotification): Named | null => {
  try {
    const body = JSON.parse(notification.rawBody) as { readonly passback?: unknown; readonly merchantReference?: unknown; readonly refundId?: unknown };
    if (typeof body.passback !== 'string' || typeof body.merchantReference !== 'string') return null;
    return { orderId: body.passback, attemptId: body.merchantReference, refundId: typeof body.refundId === 'string' ? body.refundId : null };
  } catch {
    // Not the sandbox's JSON: the payment service refuses it, in a chain of its own.
    return null;
  }
};

const field = (event: RecordedEvent, name: string): unknown => (event.data as Readonly<Record<string, unknown>> | null)?.[name];

/**
 * The chain a sandbox notification continues when no request played it (a card decided at once, a refund settled
 * later, a redelivery): the provider's word answers what the shop asked of it, so its events carry the correlation
 * and trace of that ask (the attempt started, the refund requested) and name the event that recorded it as their
 * cause, as a fired timeout continues the chain that scheduled it. Undefined when the ask is not on record (the
 * payment service then refuses the notification or records it in a chain of its own).
 */
export const askAnswered = async (eventStore: EventStore, notification: SignedNotification): Promise<HandleOptions | undefined> => {
  const named = namedIn(notification);
  if (named === null) return undefined;
  const events = await eventStore.readStream(paymentStream(named.orderId));
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as RecordedEvent; // i is within the list
    const asked =
      named.refundId === null
        ? event.type === 'PaymentAttemptStarted' && field(event, 'attemptId') === named.attemptId
        : event.type === 'PaymentRefundRequested' && field(event, 'refundId') === named.refundId;
    if (asked) {
      const { correlationId, traceparent, tracestate } = event.metadata;
      return { metadata: { correlationId, causationId: event.id, traceparent, tracestate } };
    }
  }
  return undefined;
};
