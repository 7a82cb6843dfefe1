import { LOCALES } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { formatRelative, formatTime } from './format.js';
import { applyDocumentLocale, resolveInitialLocale, urlWithLocale } from './locale.js';
import { MESSAGES, formatMessage } from './messages.js';

describe('the dictionaries', () => {
  it('have every key in both Arabic and English, none of them empty', () => {
    const englishKeys = Object.keys(MESSAGES.en).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(MESSAGES[locale]).sort()).toEqual(englishKeys);
      for (const [key, text] of Object.entries(MESSAGES[locale])) {
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('fill placeholders with the values given', () => {
    expect(formatMessage('en', 'list.count', { shown: 3, total: 12 })).toBe('3 of 12');
    expect(formatMessage('ar', 'list.count', { shown: 3, total: 12 })).toBe('3 من 12');
  });
});

describe('the starting language', () => {
  it('comes from ?lang first, then the remembered choice, then Arabic', () => {
    expect(resolveInitialLocale('?lang=en', 'ar')).toBe('en');
    expect(resolveInitialLocale('?view=x&lang=ar', 'en')).toBe('ar');
    expect(resolveInitialLocale('', 'en')).toBe('en');
    expect(resolveInitialLocale('?lang=fr', null)).toBe('ar');
    expect(resolveInitialLocale('', 'fr')).toBe('ar');
  });
});

describe('switching language', () => {
  it('sets right-to-left for Arabic and left-to-right for English on the root element', () => {
    const root = { lang: '', dir: '' };
    applyDocumentLocale(root, 'ar');
    expect(root).toEqual({ lang: 'ar', dir: 'rtl' });
    applyDocumentLocale(root, 'en');
    expect(root).toEqual({ lang: 'en', dir: 'ltr' });
  });

  it('writes ?lang into the address and keeps the rest of it', () => {
    expect(urlWithLocale('http://ops.local/?sector=traffic#map', 'en')).toBe(
      'http://ops.local/?sector=traffic&lang=en#map',
    );
    expect(urlWithLocale('http://ops.local/?lang=en', 'ar')).toBe('http://ops.local/?lang=ar');
  });
});

describe('times', () => {
  it('are shown in Kuwait time on a 24-hour clock in both languages', () => {
    expect(formatTime('2025-11-20T18:05:09Z', 'en')).toBe('21:05:09');
    expect(formatTime('2025-11-20T18:05:09Z', 'ar')).toBe('21:05:09');
  });

  it('read as how long ago, in whole minutes, hours or days', () => {
    const now = Date.parse('2025-11-20T12:00:00Z');
    expect(formatRelative('2025-11-20T11:59:30Z', now, 'en')).toBe('now');
    expect(formatRelative('2025-11-20T11:55:00Z', now, 'en')).toBe('5 min ago');
    expect(formatRelative('2025-11-20T09:00:00Z', now, 'en')).toBe('3 hr ago');
    expect(formatRelative('2025-11-20T11:55:00Z', now, 'ar')).not.toBe(formatRelative(now, now, 'ar'));
  });
});
