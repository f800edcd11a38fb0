import * as E from 'fp-ts/lib/Either.js';
import type { Either } from 'fp-ts/lib/Either.js';
import type { ContactKind } from '../privacy/contactHasher.js';

/** An email or a phone in its one canonical form: what is hashed for lookups and sealed for sending. */
export interface Contact {
  readonly kind: ContactKind;
  /** Email: NFKC, trimmed, lower-case. Phone: E.164 (`+8613800138000`). */
  readonly value: string;
}

export interface InvalidContact {
  readonly _tag: 'InvalidContact';
  readonly kind: ContactKind | 'unknown';
  readonly reason: string;
}

const invalid = (kind: InvalidContact['kind'], reason: string): Either<InvalidContact, Contact> =>
  E.left({ _tag: 'InvalidContact', kind, reason });

const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * Trimmed, NFKC (so a fullwidth ＠ or letter is the same address as its ASCII form) and lower-cased. Provider
 * rules such as Gmail ignoring dots are not applied: they hold only for some domains, and guessing wrong would
 * merge two people's accounts. Quoted local parts and IP-literal domains are refused.
 */
export const normaliseEmail = (raw: string): Either<InvalidContact, Contact> => {
  const value = raw.normalize('NFKC').trim().toLowerCase();
  if (value.length === 0) return invalid('email', 'empty');
  if (value.length > 254) return invalid('email', 'longer than 254 characters');
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return invalid('email', 'not of the form name@domain');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!LOCAL_PART.test(local)) return invalid('email', 'the part before @ has characters an address cannot have');
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return invalid('email', 'misplaced dot before @');
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return invalid('email', 'not a valid domain');
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return invalid('email', 'the domain ends in a number');
  return E.right({ kind: 'email', value });
};

export interface PhoneOptions {
  /** The country calling code assumed for numbers written without one, e.g. '86' for China. */
  readonly defaultCallingCode: string;
}

export const CHINA: PhoneOptions = { defaultCallingCode: '86' };

/**
 * Per calling code: the national trunk prefix dropped before adding the code, and the numbers accepted.
 * Contacts receive verification codes by SMS, so where the plan is known only mobile numbers are accepted.
 */
const NATIONAL_RULES: Readonly<Record<string, { readonly trunk: string; readonly mobile: RegExp }>> = {
  '86': { trunk: '0', mobile: /^1[3-9]\d{9}$/ },
  '852': { trunk: '', mobile: /^[4-9]\d{7}$/ },
  '853': { trunk: '', mobile: /^6\d{7}$/ },
  '886': { trunk: '0', mobile: /^9\d{8}$/ },
  '1': { trunk: '1', mobile: /^[2-9]\d{2}[2-9]\d{6}$/ },
};

const ruleFor = (digits: string) => {
  for (const length of [1, 2, 3]) {
    const code = digits.slice(0, length);
    const rule = NATIONAL_RULES[code];
    if (rule) return { code, rule };
  }
  return null;
};

/**
 * E.164 from what people type: `138 0013 8000`, `+86-138-0013-8000`, `0086 13800138000`, `(+86) 138…`, or the
 * same in fullwidth digits (NFKC turns them into ASCII). A number without a calling code gets the default one.
 */
export const normalisePhone = (raw: string, options: PhoneOptions = CHINA): Either<InvalidContact, Contact> => {
  const text = raw.normalize('NFKC').trim().replace(/[\s\-.()/]/g, '');
  if (text.length === 0) return invalid('phone', 'empty');
  let international: string;
  if (text.startsWith('+')) international = text.slice(1);
  else if (text.startsWith('00')) international = text.slice(2);
  else {
    if (!/^\d+$/.test(text)) return invalid('phone', 'has characters other than digits');
    const code = options.defaultCallingCode;
    const rule = NATIONAL_RULES[code];
    const trunk = rule?.trunk ?? '';
    const national = trunk !== '' && text.startsWith(trunk) ? text.slice(trunk.length) : text;
    // `86 138 0013 8000`: the calling code typed without its plus. Only where the plan shows it cannot be national.
    const withoutPlus = rule !== undefined && text.startsWith(code) && !rule.mobile.test(national) && rule.mobile.test(text.slice(code.length));
    international = withoutPlus ? text : code + national;
  }
  if (!/^\d+$/.test(international)) return invalid('phone', 'has characters other than digits');
  if (international.startsWith('0')) return invalid('phone', 'no country calling code starts with 0');
  if (international.length < 8 || international.length > 15) return invalid('phone', 'E.164 numbers have 8 to 15 digits');
  const known = ruleFor(international);
  if (known && !known.rule.mobile.test(international.slice(known.code.length))) {
    return invalid('phone', `not a mobile number for +${known.code}`);
  }
  return E.right({ kind: 'phone', value: `+${international}` });
};

/** An email when it has an @, otherwise a phone. */
export const normaliseContact = (raw: string, options: PhoneOptions = CHINA): Either<InvalidContact, Contact> =>
  raw.normalize('NFKC').includes('@') ? normaliseEmail(raw) : normalisePhone(raw, options);
