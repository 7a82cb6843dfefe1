/**
 * The strings of the review pages, in both languages; `i18n/messages.ts` merges them into the
 * client's. Keys start with `review.`.
 */
export const reviewEn = {
  'review.title': 'Review',
} as const satisfies Record<string, string>;

export const reviewAr: Record<keyof typeof reviewEn, string> = {
  'review.title': 'المراجعة',
};
