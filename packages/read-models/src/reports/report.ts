/**
 * The shape every report shares, so one `toCsv` exports any of them: named columns of a known kind and flat
 * rows. Money cells hold integer minor units, and a report with money has a `currency` column.
 */

export type ReportCell = string | number | boolean | null;
export type ReportRow = Readonly<Record<string, ReportCell>>;

/** `money`: integer minor units; `count`: a whole number; `ratio`: a fraction (0.25 = 25 %); `text`: anything else. */
export type ReportColumnKind = 'text' | 'count' | 'money' | 'ratio';

export interface ReportColumn {
  readonly key: string;
  readonly header: string;
  readonly kind: ReportColumnKind;
}

export interface Report<Row extends ReportRow = ReportRow> {
  readonly name: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly Row[];
}

/** Why a report request was refused: expected failures, returned as values. */
export type ReportError =
  | { readonly _tag: 'InvalidDateRange'; readonly from: string; readonly to: string }
  | { readonly _tag: 'InvalidInstant'; readonly value: string }
  | { readonly _tag: 'InvalidReportRequest'; readonly reason: string };

export type ReportErrorTag = ReportError['_tag'];

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A range of local calendar days, both ends included; `undefined` when it is not one. */
export const checkDayRange = (from: string, to: string): ReportError | undefined =>
  DAY.test(from) && DAY.test(to) && from <= to ? undefined : { _tag: 'InvalidDateRange', from, to };

export const checkInstant = (value: string): ReportError | undefined =>
  /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : { _tag: 'InvalidInstant', value };

/** Sorts rows by the given keys, nulls first, then numbers, then strings (as the read store sorts). */
export const compareBy =
  (keys: readonly string[]) =>
  (a: ReportRow, b: ReportRow): number => {
    for (const key of keys) {
      const x = a[key] ?? null;
      const y = b[key] ?? null;
      if (x === y) continue;
      if (x === null) return -1;
      if (y === null) return 1;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x) < String(y) ? -1 : 1;
    }
    return 0;
  };

/** A whole-number ratio rounded half up, in integer arithmetic: average order value in minor units. */
export const roundedQuotient = (numerator: number, denominator: number): number =>
  denominator === 0 ? 0 : Math.floor((2 * numerator + denominator) / (2 * denominator));

export const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
