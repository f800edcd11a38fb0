import { streamName } from '@shopstream/kernel';

/** A user's stream. */
export const userStream = (userId: string): string => streamName('user', userId);

/** The claim stream of one email or phone, named by its keyed hash so the stream name reveals nothing. */
export const contactStream = (contactHash: string): string => streamName('contact', contactHash);
