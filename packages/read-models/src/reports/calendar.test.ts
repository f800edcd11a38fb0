import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTimeZone, daysBetween, isoWeek, localDay, periodsOf } from './calendar.js';

// Half-hour and 45-minute offsets, daylight saving south and north, negative saving, and zones that changed at midnight.
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/Dublin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'America/Santiago', 'Pacific/Chatham', 'Africa/Casablanca', 'America/Havana'];

describe('report calendar', () => {
  it('puts an instant on the local day of the zone', () => {
    expect(localDay('2025-12-31T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026-01-01');
    expect(localDay('2025-12-31T15:59:59.999Z', 'Asia/Shanghai')).toBe('2025-12-31');
    expect(localDay('2026-01-01T03:00:00.000Z', 'America/New_York')).toBe('2025-12-31');
    expect(localDay('2026-01-01T03:00:00.000Z', 'UTC')).toBe('2026-01-01');
  });

  it('follows daylight saving time where the zone has it', () => {
    // New York is UTC-4 in July and UTC-5 in January.
    expect(localDay('2026-07-01T03:30:00.000Z', 'America/New_York')).toBe('2026-06-30');
    expect(localDay('2026-07-01T04:30:00.000Z', 'America/New_York')).toBe('2026-07-01');
    expect(localDay('2026-01-01T04:30:00.000Z', 'America/New_York')).toBe('2025-12-31');
  });

  it('property: gives the local day Intl gives, for any instant and zone', () => {
    const reference = (ms: number, timeZone: string): string =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2250, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          expect(localDay(new Date(ms).toISOString(), zone)).toBe(reference(ms, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: gives the local day Intl gives for instants of a quarter hour already asked about (its remembered day)', () => {
    const reference = (ms: number, timeZone: string): string =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Math.floor(Date.UTC(2199, 0, 1) / 900_000) }),
        fc.array(fc.integer({ min: 0, max: 899_999 }), { minLength: 2, maxLength: 6 }),
        fc.constantFrom(...ZONES),
        (quarter, offsets, zone) => {
          for (const offset of offsets) {
            const ms = quarter * 900_000 + offset;
            expect(localDay(new Date(ms).toISOString(), zone)).toBe(reference(ms, zone));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the local day Intl gives around every offset change of 2026 and 1990, to the millisecond', () => {
    const reference = (ms: number, timeZone: string): string =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
    for (const zone of ZONES) {
      for (const year of [1990, 2026]) {
        // Finds each change of the zone's offset by bisection between days where it differs.
        const clock = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
        const offset = (ms: number): number => {
          const part = (type: string) => Number(clock.formatToParts(ms).find((p) => p.type === type)?.value);
          return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(ms / 1000) * 1000;
        };
        for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
          if (offset(day) === offset(day + 86_400_000)) continue;
          let [low, high] = [day, day + 86_400_000];
          while (high - low > 1000) {
            const middle = Math.floor((low + high) / 2000) * 1000;
            if (offset(middle) === offset(low)) low = middle;
            else high = middle;
          }
          for (const ms of [high - 1, high, high + 1, high - 60_000, high + 60_000, high - 3_600_000, high + 3_600_000]) {
            expect(localDay(new Date(ms).toISOString(), zone), `${zone} ${new Date(ms).toISOString()}`).toBe(reference(ms, zone));
          }
        }
      }
    }
  });

  it('numbers ISO weeks, whose year may differ from the calendar year', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeek('2025-12-29')).toBe('2026-W01'); // the Monday of that week
    expect(isoWeek('2021-01-03')).toBe('2020-W53'); // a Sunday of the 53rd week
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
  });

  it('gives day, week and month together', () => {
    expect(periodsOf('2026-03-31T17:00:00.000Z', 'Asia/Shanghai')).toEqual({ day: '2026-04-01', week: '2026-W14', month: '2026-04' });
  });

  it('puts the seven days of a week, Monday to Sunday, in one ISO week', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (offset) => {
        const monday = Date.UTC(2000, 0, 3) + offset * 7 * 86_400_000;
        const days = Array.from({ length: 7 }, (_, i) => new Date(monday + i * 86_400_000).toISOString().slice(0, 10));
        expect(new Set(days.map(isoWeek)).size).toBe(1);
        expect(isoWeek(days[0] ?? '')).not.toBe(isoWeek(new Date(monday - 86_400_000).toISOString().slice(0, 10)));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses an unknown zone', () => {
    expect(() => checkTimeZone('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(checkTimeZone('Europe/Oslo')).toBe('Europe/Oslo');
  });

  it('counts whole days between instants', () => {
    expect(daysBetween('2026-01-01T00:00:00.000Z', '2026-01-31T23:00:00.000Z')).toBe(30);
  });
});
