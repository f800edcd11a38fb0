import type { Sealed } from '@shopstream/commerce';
import type { JsonValue } from '@shopstream/kernel';

/**
 * A saved address as the events carry it: the recipient, phone and street lines sealed under the owner's key,
 * the region in clear. Opened only by the owner's queries.
 */
export type AddressDocument = {
  readonly addressId: string;
  readonly recipientName: Sealed;
  readonly phone: Sealed;
  readonly lines: Sealed;
  readonly region: { readonly country: string; readonly province: string; readonly city: string; readonly district: string | null };
  readonly postalCode: string | null;
  readonly addedAt: string;
  readonly updatedAt: string;
};

/** A saved card, masked: brand and last four digits. The provider's token is never copied here. */
export type PaymentMethodDocument = {
  readonly paymentMethodId: string;
  readonly brand: string;
  readonly last4: string;
  readonly expires: { readonly month: number; readonly year: number } | null;
  readonly savedAt: string;
};

export type ConsentDocument = { readonly granted: boolean; readonly at: string } | null;

/**
 * One user's account: personal data kept sealed, exactly as in the log, so that erasing the user's key erases
 * it here too. The address book and saved cards are bounded by the identity policy, so they live on the
 * profile rather than in collections of their own.
 */
export type ProfileDocument = {
  readonly _id: string;
  readonly userId: string;
  readonly status: 'unregistered' | 'active' | 'closed';
  readonly registeredAt: string | null;
  readonly contact: { readonly kind: 'email' | 'phone'; readonly hash: string; readonly value: Sealed; readonly verified: boolean } | null;
  readonly name: Sealed | null;
  readonly nickname: Sealed | null;
  readonly birthday: Sealed | null;
  /** In the order they were added. */
  readonly addresses: readonly AddressDocument[];
  readonly defaultAddressId: string | null;
  readonly paymentMethods: readonly PaymentMethodDocument[];
  readonly preferences: { readonly language: string; readonly currency: string } | null;
  readonly consents: { readonly marketing: ConsentDocument; readonly personalisation: ConsentDocument };
  readonly closedAt: string | null;
  readonly erasedAt: string | null;
  readonly updatedAt: string;
};

/** What a notification is about. */
export type NotificationKind =
  | 'order_placed'
  | 'order_paid'
  | 'order_under_review'
  | 'order_cancelled'
  | 'order_shipped'
  | 'order_out_for_delivery'
  | 'order_delivered'
  | 'delivery_problem'
  | 'payment_failed'
  | 'refund_issued'
  | 'case_decided'
  | 'case_refund_issued'
  | 'replacement_shipped'
  | 'repaired_item_returned'
  | 'complaint_resolved'
  | 'password_changed'
  | 'account_locked';

/**
 * One entry of a customer's inbox, derived from one event (its id is the event's). `customerId` is null while
 * the order it is about has not been projected yet; placing the order fills it in.
 */
export type NotificationDocument = {
  readonly _id: string;
  readonly customerId: string | null;
  readonly kind: NotificationKind;
  readonly orderId: string | null;
  readonly caseId: string | null;
  readonly at: string;
  /** Global log position: the inbox's order, newest first. */
  readonly position: number;
  readonly details: { readonly [key: string]: JsonValue };
  /** When the customer marked it read (the inbox's event), null while unread. */
  readonly readAt: string | null;
};

/** Who placed each order, for the events of other contexts that name only the order. */
export type OrderOwnerDocument = { readonly _id: string; readonly customerId: string };
