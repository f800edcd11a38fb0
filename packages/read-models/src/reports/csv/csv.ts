import type { Report, ReportCell, ReportColumn } from '../report.js';

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, which Excel needs to read UTF-8 (Chinese names) correctly. Default false. */
  readonly bom?: boolean;
}

/**
 * Minor units as a decimal string of the major unit, by integer arithmetic: 123456 -> "1234.56", -5 -> "-0.05".
 * No float is involved, so no amount is ever off by a rounding error. Two decimals, as for CNY (fen).
 */
export const formatMinorUnits = (amount: number): string => {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money is a whole number of minor units, not ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/**
 * A text cell a spreadsheet would run as a formula (it starts with = + - @, or a tab or carriage return that
 * some strip first) gets a leading apostrophe (OWASP's advice against CSV injection). Numbers and amounts are
 * formatted here, so they are left alone: "-0.05" stays a number.
 */
export const neutraliseFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** RFC 4180: a field with a comma, a double quote, CR or LF is quoted, and its quotes doubled. */
export const quoteField = (field: string): string => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);

const formatCell = (column: ReportColumn, value: ReportCell | undefined): string => {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'money':
      return typeof value === 'number' ? formatMinorUnits(value) : neutraliseFormula(String(value));
    case 'count':
      return typeof value === 'number' ? String(value) : neutraliseFormula(String(value));
    case 'ratio':
      // Four decimals: a rate, not money, so the float is fine once rounded for display.
      return typeof value === 'number' ? value.toFixed(4) : neutraliseFormula(String(value));
    case 'text':
      return neutraliseFormula(String(value));
  }
};

/**
 * Any report as CSV (RFC 4180): a header row, CRLF line ends, money as decimal strings beside the report's
 * currency column. A report with money columns but no `currency` column is refused, since its amounts would be
 * ambiguous.
 */
export const toCsv = (report: Report, options: CsvOptions = {}): string => {
  const hasMoney = report.columns.some((column) => column.kind === 'money');
  if (hasMoney && !report.columns.some((column) => column.key === 'currency')) {
    throw new TypeError(`report ${report.name} has money columns but no currency column`);
  }
  const header = report.columns.map((column) => quoteField(neutraliseFormula(column.header))).join(',');
  const lines = report.rows.map((row) => report.columns.map((column) => quoteField(formatCell(column, row[column.key]))).join(','));
  return `${options.bom === true ? '\uFEFF' : ''}${[header, ...lines].join('\r\n')}\r\n`;
};
