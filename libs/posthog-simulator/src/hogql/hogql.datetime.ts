/**
 * Date-time helpers. Date-times travel through the evaluator as epoch milliseconds (a plain number,
 * possibly fractional for microseconds) so comparisons need no allocation; the static type decides
 * how they are printed. Everything is UTC: the simulator's projects all use the UTC timezone.
 */

export type IntervalUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

const FIXED_UNIT_MS: Partial<Record<IntervalUnit, number>> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

const CALENDAR_UNIT_MONTHS: Partial<Record<IntervalUnit, number>> = { month: 1, quarter: 3, year: 12 };

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.ffffff]]` and ISO-8601 with `T`/`Z`/offsets. Strings
 * without an offset are UTC, which is what ClickHouse does for a project in UTC. Returns null for
 * anything else, mirroring `parseDateTime64BestEffortOrNull` (HogQL's `toDateTime` on strings).
 */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME_PATTERN.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month - 1) || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (fraction) ms += Number(`0.${fraction}`) * 1000;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    ms -= sign * offsetMinutes * 60_000;
  }
  return ms;
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

function splitMicros(ms: number): { seconds: number; micros: number } {
  // Integer microseconds keep `.345678` exact; floats near 1.7e12 ms still have ~0.2 µs resolution.
  const totalMicros = Math.round(ms * 1000);
  const seconds = Math.floor(totalMicros / 1_000_000);
  return { seconds, micros: totalMicros - seconds * 1_000_000 };
}

/**
 * JSON rendering PostHog produces for ClickHouse DateTime/DateTime64 values: Python's `isoformat()`
 * with `Z`, which prints six fractional digits only when the microsecond part is non-zero
 * (fixture: `2025-09-17T10:11:12.345678Z`).
 */
export function formatIsoUtc(ms: number): string {
  const { seconds, micros } = splitMicros(ms);
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micros === 0 ? `${base}Z` : `${base}.${String(micros).padStart(6, '0')}Z`;
}

/** ClickHouse `toString()` of a DateTime (`precision` 0) or DateTime64(6) (`precision` 6). */
export function formatClickHouse(ms: number, precision: 0 | 6): string {
  const { seconds, micros } = splitMicros(ms);
  const base = new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return precision === 0 ? base : `${base}.${String(micros).padStart(6, '0')}`;
}

/**
 * Adds `amount` units. Months, quarters and years follow ClickHouse: the day is clamped to the end of
 * the target month (Jan 31 + 1 month = Feb 28/29) rather than overflowing like JavaScript's Date.
 */
export function addInterval(ms: number, unit: IntervalUnit, amount: number): number {
  const fixed = FIXED_UNIT_MS[unit];
  if (fixed !== undefined) return ms + amount * fixed;
  const months = amount * CALENDAR_UNIT_MONTHS[unit]!;
  const whole = Math.floor(ms);
  const date = new Date(whole);
  const targetMonth = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return (
    Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()) +
    (ms - whole)
  );
}
