/**
 * The strings of the training pages, in both languages; `i18n/messages.ts` merges them into the
 * client's. Keys start with `training.`.
 */
export const trainingEn = {
  'training.title': 'Training',
} as const satisfies Record<string, string>;

export const trainingAr: Record<keyof typeof trainingEn, string> = {
  'training.title': 'التدريب',
};
