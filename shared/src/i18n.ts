import { z } from 'zod';

/** The languages Mirsad speaks: Arabic first, English beside it. */
export const LOCALES = ['ar', 'en'] as const;

/** A supported language code. */
export const LocaleSchema = z.enum(LOCALES);

/** A supported language code. */
export type Locale = z.infer<typeof LocaleSchema>;

/**
 * The Intl locale of each language, for numbers, dates and plural rules on both sides. Arabic
 * keeps Latin digits (`nu-latn`): incident numbers, plate numbers and source references are
 * Latin in the feeds, and one digit set on the screen is quicker to read than two. English uses
 * en-GB for day-month order and a 24-hour clock.
 */
export const INTL_LOCALES: Readonly<Record<Locale, string>> = { ar: 'ar-KW-u-nu-latn', en: 'en-GB' };

/** A text given in both of Mirsad's languages. */
export const LocalizedTextSchema = z.object({
  ar: z.string().min(1),
  en: z.string().min(1),
});

/** A text given in both of Mirsad's languages. */
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** Kuwait's time zone: every time a person reads is shown in it, whatever the browser's zone. */
export const KUWAIT_TIME_ZONE = 'Asia/Kuwait';
