import { streamName } from '@shopstream/kernel';
import type { Subject } from './events.js';

/** The UTC calendar day of an instant, `yyyy-mm-dd`. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

const subjectKey = (subject: Subject): string => `${subject.kind}_${subject.id}`;

/**
 * One stream per subject per UTC day: `behaviour-customer_<id>-2026-01-01`. Streams stay short (a day of one
 * person's clicks), cheap to load for dedupe, and old days are never touched again. Reports read them by
 * category, never one by one.
 */
export const activityStream = (subject: Subject, day: string): string => streamName('behaviour', `${subjectKey(subject)}-${day}`);

/** Favourites outlive a day, so they have one stream per subject: `favourites-customer_<id>`. */
export const favouritesStream = (subject: Subject): string => streamName('favourites', subjectKey(subject));
