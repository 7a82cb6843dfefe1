import { z } from 'zod';

/** The languages Mirsad speaks: Arabic first, English beside it. */
export const LOCALES = ['ar', 'en'] as const;

/** A supported language code. */
export const LocaleSchema = z.enum(LOCALES);

/** A supported language code. */
export type Locale = z.infer<typeof LocaleSchema>;

/** A text given in both of Mirsad's languages. */
export const LocalizedTextSchema = z.object({
  ar: z.string().min(1),
  en: z.string().min(1),
});

/** A text given in both of Mirsad's languages. */
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** Kuwait's time zone: every time a person reads is shown in it, whatever the browser's zone. */
export const KUWAIT_TIME_ZONE = 'Asia/Kuwait';
