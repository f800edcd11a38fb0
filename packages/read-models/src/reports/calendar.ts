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

const byIntl = (at: Date, timeZone: string): string => {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return `${pad(part('year'), 4)}-${pad(part('month'))}-${pad(part('day'))}`;
};

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at a whole-second instant, in ms, from its wall clock there. */
const offsetAt = (ms: number, timeZone: string): number => {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      calendar: 'iso8601',
      numberingSystem: 'latn',
    });
    clocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - ms;
};

const QUARTER_HOUR_MS = 900_000;
/** The fast path covers 1970 to 2200, where Date.UTC reads years as they are and ISO strings have four digits. */
const FAST_UNTIL_MS = Date.UTC(2200, 0, 1);
const REMEMBERED_QUARTERS = 4096;

/**
 * A quarter hour of UTC in a zone: its offset when the same at both ends, else null; and, when that offset is a
 * whole number of quarter hours (every zone today), the local date all through it, since local days then begin
 * on quarter-hour boundaries of UTC as well.
 */
interface Quarter {
  readonly offset: number | null;
  readonly day: string | null;
}

/** Per zone, per quarter hour of UTC. */
const quarters = new Map<string, Map<number, Quarter>>();

/**
 * The offset of a zone throughout a quarter hour, or null when it changes within it. Offsets change at whole
 * seconds and never twice within a quarter hour, so the same offset at its first and last whole second means
 * the same offset all through.
 */
const quarterOf = (quarter: number, timeZone: string): Quarter => {
  let zone = quarters.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    quarters.set(timeZone, zone);
  }
  let known = zone.get(quarter);
  if (known === undefined) {
    const start = quarter * QUARTER_HOUR_MS;
    const first = offsetAt(start, timeZone);
    const offset = first === offsetAt(start + QUARTER_HOUR_MS - 1000, timeZone) ? first : null;
    const day = offset !== null && offset % QUARTER_HOUR_MS === 0 ? new Date(start + offset).toISOString().slice(0, 10) : null;
    known = { offset, day };
    if (zone.size >= REMEMBERED_QUARTERS) zone.clear();
    zone.set(quarter, known);
  }
  return known;
};

/**
 * The local calendar date of an instant in a zone, `yyyy-mm-dd`. Reports ask for every event, so the zone's
 * offset (and, mostly, the date itself) is looked up once per quarter hour of UTC; otherwise the date is plain
 * arithmetic; a quarter hour in which the offset changes, and instants outside 1970-2200, ask Intl each time.
 */
export const localDay = (instant: string, timeZone: string): string => {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${JSON.stringify(instant)}`);
  if (ms < 0 || ms >= FAST_UNTIL_MS) return byIntl(new Date(ms), timeZone);
  const { offset, day } = quarterOf(Math.floor(ms / QUARTER_HOUR_MS), timeZone);
  if (day !== null) return day;
  return offset === null ? byIntl(new Date(ms), timeZone) : new Date(ms + offset).toISOString().slice(0, 10);
};

const DAY_MS = 86_400_000;

/** Weeks of the dates asked about: a report asks for every event, of a few dates. */
const weeks = new Map<string, string>();
const REMEMBERED_WEEKS = 4096;

/** The ISO 8601 week of a calendar date: weeks start on Monday, and week 1 holds the year's first Thursday. */
export const isoWeek = (day: string): string => {
  const known = weeks.get(day);
  if (known !== undefined) return known;
  const week = computedWeek(day);
  if (weeks.size >= REMEMBERED_WEEKS) weeks.clear();
  weeks.set(day, week);
  return week;
};

const computedWeek = (day: string): string => {
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
