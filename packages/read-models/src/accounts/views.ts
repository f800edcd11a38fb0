import type { NotificationKind } from './documents.js';
import type { JsonValue } from '@shopstream/kernel';

/**
 * A customer's profile, opened for its owner. Personal fields are null when never given, and also once the
 * personal data was erased (`erased: true`): the key is gone, so nothing can open them.
 */
export interface ProfileView {
  readonly userId: string;
  readonly status: 'unregistered' | 'active' | 'closed';
  readonly registeredAt: string | null;
  readonly contact: { readonly kind: 'email' | 'phone'; readonly value: string | null; readonly verified: boolean } | null;
  readonly name: string | null;
  readonly nickname: string | null;
  readonly birthday: string | null;
  readonly preferences: { readonly language: string; readonly currency: string } | null;
  readonly consents: {
    readonly marketing: { readonly granted: boolean; readonly at: string } | null;
    readonly personalisation: { readonly granted: boolean; readonly at: string } | null;
  };
  readonly closedAt: string | null;
  readonly erased: boolean;
  readonly erasedAt: string | null;
}

export interface AddressView {
  readonly addressId: string;
  readonly isDefault: boolean;
  readonly recipientName: string | null;
  readonly phone: string | null;
  readonly lines: string | null;
  readonly region: { readonly country: string; readonly province: string; readonly city: string; readonly district: string | null };
  readonly postalCode: string | null;
  readonly addedAt: string;
  readonly updatedAt: string;
}

/** A saved card as anyone may see it: brand, last four digits, expiry. */
export interface PaymentMethodView {
  readonly paymentMethodId: string;
  readonly brand: string;
  readonly last4: string;
  /** For display: `visa •••• 4242`. */
  readonly masked: string;
  readonly expires: { readonly month: number; readonly year: number } | null;
  readonly savedAt: string;
}

export interface NotificationView {
  readonly notificationId: string;
  readonly kind: NotificationKind;
  readonly orderId: string | null;
  readonly caseId: string | null;
  readonly at: string;
  readonly details: { readonly [key: string]: JsonValue };
  /** When the customer marked it read; null while unread. */
  readonly readAt: string | null;
}
