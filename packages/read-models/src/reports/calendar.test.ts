import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTimeZone, daysBetween, isoWeek, localDay, periodsOf } from './calendar.js';

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
