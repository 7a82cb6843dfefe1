import { describe, expect, it } from 'vitest';
import { splitKeyFromAddress } from './displayKey.js';

describe('splitKeyFromAddress', () => {
  it('takes the key out of the address and keeps every other parameter', () => {
    expect(splitKeyFromAddress('https://mirsad.local/wall?sectors=traffic&key=abc123&lang=ar#x')).toEqual({
      key: 'abc123',
      address: 'https://mirsad.local/wall?sectors=traffic&lang=ar#x',
    });
  });

  it('leaves an address without a key as it is', () => {
    const href = 'https://mirsad.local/wall?lang=en';
    expect(splitKeyFromAddress(href)).toEqual({ key: null, address: href });
  });

  it('drops an empty or overlong key from the address without keeping it', () => {
    expect(splitKeyFromAddress('https://mirsad.local/wall?key=')).toEqual({
      key: null,
      address: 'https://mirsad.local/wall?key=',
    });
    const long = 'k'.repeat(300);
    expect(splitKeyFromAddress(`https://mirsad.local/wall?key=${long}`)).toEqual({
      key: null,
      address: 'https://mirsad.local/wall',
    });
  });
});
