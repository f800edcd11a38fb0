/**
 * Report periods in the shop's own time zone: a sale at 23:30 UTC on 31 December belongs to 1 January in
 * Shanghai. Computed from instants with the platform's IANA database (Intl), so the projection stays
 * deterministic for a given zone.
 */

/** The calendar periods an instant falls in: `yyyy-mm-dd`, ISO week `yyyy-Www`, `yyyy-mm`. */
export interface Periods {
  readonly day: string;
  readonly week: string;
  readonly month: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  const known = formatters.get(timeZone);
  if (known !== undefined) return known;
  // Throws a RangeError for a zone the platform does not know, which is what a misconfiguration should do.
  const created = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'iso8601', numberingSystem: 'latn' });
  formatters.set(timeZone, created);
  return created;
};

/** Refuses an unknown zone early, with the zone's name in the message. */
export const checkTimeZone = (timeZone: string): string => {
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    throw new RangeError(`unknown IANA time zone ${JSON.stringify(timeZone)}`);
  }
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local calendar date of an instant in a zone, `yyyy-mm-dd`. */
export const localDay = (instant: string, timeZone: string): string => {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an instant: ${JSON.stringify(instant)}`);
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return `${pad(part('year'), 4)}-${pad(part('month'))}-${pad(part('day'))}`;
};

const DAY_MS = 86_400_000;

/** The ISO 8601 week of a calendar date: weeks start on Monday, and week 1 holds the year's first Thursday. */
export const isoWeek = (day: string): string => {
  const [y, m, d] = day.split('-').map(Number);
  const date = Date.UTC(y ?? NaN, (m ?? NaN) - 1, d ?? NaN);
  if (Number.isNaN(date)) throw new RangeError(`not a calendar date: ${JSON.stringify(day)}`);
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = date + (3 - weekday) * DAY_MS;
  const weekYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
  return `${pad(weekYear, 4)}-W${pad(week)}`;
};

export const periodsOf = (instant: string, timeZone: string): Periods => {
  const day = localDay(instant, timeZone);
  return { day, week: isoWeek(day), month: day.slice(0, 7) };
};

/** Whole days from one instant to a later one (negative when `to` is earlier), rounded down. */
export const daysBetween = (from: string, to: string): number => Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS);
