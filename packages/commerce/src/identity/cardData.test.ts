import { describe, expect, it } from 'vitest';
import { looksLikeCardNumber, passesLuhn } from './cardData.js';
import { constantTimeEqual } from './constantTime.js';

describe('looksLikeCardNumber', () => {
  it.each(['4111111111111111', '4111 1111 1111 1111', '5500-0000-0000-0004', 'tok_378282246310005', '４１１１１１１１１１１１１１１１', '6011111111111117'])(
    'catches %j',
    (text) => {
      expect(looksLikeCardNumber(text)).toBe(true);
    },
  );

  it('catches test card numbers that pass Luhn', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(looksLikeCardNumber('card 4242424242424242 exp')).toBe(true);
  });

  it.each(['pm_1NqUeX2eZvKYlo2C', 'tok_visa', '2021560600012345678901', '4111111111111112', '1234'])('lets %j through', (text) => {
    expect(looksLikeCardNumber(text)).toBe(false);
  });
});

describe('constantTimeEqual', () => {
  it('is string equality', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'ab')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('', 'a')).toBe(false);
  });
});
