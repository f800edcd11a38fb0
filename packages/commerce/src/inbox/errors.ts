/**
 * Every way an inbox refuses a command. A notification of another customer's is as absent as one that never was,
 * so the error says nothing about whether the id exists.
 */
export type InboxError = { readonly _tag: 'NotificationNotFound'; readonly notificationId: string };

export type InboxErrorTag = InboxError['_tag'];
