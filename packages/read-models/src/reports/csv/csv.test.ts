import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../report.js';
import { formatMinorUnits, neutraliseFormula, quoteField, toCsv } from './csv.js';

/** A small RFC 4180 reader, to check that what we write reads back as the cells we meant. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text.charAt(i + 1) === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
};

const report = (rows: Report['rows']): Report => ({
  name: 'test',
  columns: [
    { key: 'city', header: 'City', kind: 'text' },
    { key: 'currency', header: 'Currency', kind: 'text' },
    { key: 'gmv', header: 'GMV', kind: 'money' },
    { key: 'orders', header: 'Orders', kind: 'count' },
    { key: 'rate', header: 'Rate', kind: 'ratio' },
  ],
  rows,
});

describe('CSV export', () => {
  it('writes a header row and one line per row, CRLF-terminated', () => {
    const csv = toCsv(report([{ city: '杭州市', currency: 'CNY', gmv: 468_900, orders: 3, rate: 0.25 }]));
    expect(csv).toBe('City,Currency,GMV,Orders,Rate\r\n杭州市,CNY,4689.00,3,0.2500\r\n');
  });

  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    const csv = toCsv(report([{ city: 'Tea, "green"\nand black', currency: 'CNY', gmv: 1, orders: 0, rate: null }]));
    expect(csv).toBe('City,Currency,GMV,Orders,Rate\r\n"Tea, ""green""\nand black",CNY,0.01,0,\r\n');
    expect(quoteField('plain')).toBe('plain');
    expect(quoteField('a\rb')).toBe('"a\rb"');
  });

  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1', '-1+2', '@SUM(A1)', '\tcmd', '\r=1']) expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(neutraliseFormula('a=1')).toBe('a=1');
    const csv = toCsv(report([{ city: '=cmd|"/C calc"!A0', currency: 'CNY', gmv: -5, orders: 1, rate: 0 }]));
    // Amounts are formatted here, never taken as text: a refund of 0.05 stays "-0.05".
    expect(parseCsv(csv)[1]).toEqual(['\'=cmd|"/C calc"!A0', 'CNY', '-0.05', '1', '0.0000']);
  });

  it('formats money from integer minor units without float rounding', () => {
    expect(formatMinorUnits(0)).toBe('0.00');
    expect(formatMinorUnits(5)).toBe('0.05');
    expect(formatMinorUnits(-105)).toBe('-1.05');
    expect(formatMinorUnits(123_456_789)).toBe('1234567.89');
    expect(formatMinorUnits(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
    expect(() => formatMinorUnits(1.5)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const text = formatMinorUnits(fen);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
        // Reading the string back as integer minor units gives the amount exactly.
        const negative = text.startsWith('-');
        const back = BigInt(text.replace('-', '').replace('.', ''));
        expect(negative ? -back : back).toBe(BigInt(fen));
      }),
      { numRuns: 50 },
    );
  });

  it('reads back as the cells it was given, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), (cities) => {
        const rows = cities.map((city) => ({ city, currency: 'CNY', gmv: 100, orders: 1, rate: 1 }));
        const parsed = parseCsv(toCsv(report(rows)));
        expect(parsed.slice(1).map((cells) => cells[0])).toEqual(cities.map(neutraliseFormula));
      }),
      { numRuns: 50 },
    );
  });

  it('adds a byte order mark only when asked', () => {
    expect(toCsv(report([]), { bom: true }).startsWith('\uFEFFCity,')).toBe(true);
    expect(toCsv(report([])).startsWith('City,')).toBe(true);
  });

  it('refuses money without a currency column', () => {
    expect(() => toCsv({ name: 'bad', columns: [{ key: 'gmv', header: 'GMV', kind: 'money' }], rows: [] })).toThrow(TypeError);
  });
});
