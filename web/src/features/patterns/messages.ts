/**
 * The strings of pattern watch (the map's pattern layers and their key, the alert, the review's
 * list), in both languages; `i18n/messages.ts` merges them into the client's. Keys start with
 * `patterns.`. What a cluster is (its explanation) comes from the server in both languages.
 */
export const patternsEn = {
  'patterns.layer.series': 'Crime series and near repeats',
  'patterns.layer.hotspots': 'Hot spots',
  'patterns.layer.forecast': 'Next 24 h risk',
  'patterns.key.title': 'Patterns',
  'patterns.key.series': 'Crime series (true size)',
  'patterns.key.seriesNew': 'New, not yet acknowledged',
  'patterns.key.nearRepeat': 'Near-repeat zone: raised risk after a recent crime',
  'patterns.key.nearRepeatNote':
    '{group}: within {distance} m for {days, plural, one {# day} other {# days}} ({zones, plural, one {# zone} other {# zones}})',
  'patterns.key.hotspots': 'Emerging hot spots',
  'patterns.key.hotspotGroup': 'Hot spots of',
  'patterns.key.forecast': 'Highest risk, next 24 h',
  'patterns.key.forecastNote': 'Top {count, plural, one {# cell} other {# cells}} by forecast risk',
  'patterns.alert.title': 'Pattern alerts',
  'patterns.alert.new': 'New crime series',
  'patterns.alert.acknowledge': 'Acknowledge',
  'patterns.alert.acknowledging': 'Acknowledging…',
  'patterns.alert.acknowledgedBy': 'Acknowledged by {name} at {time}',
  'patterns.alert.show': 'Show on map',
  'patterns.alert.detectedAt': 'Detected {time}',
  'patterns.alert.more': '{count, plural, one {and # more series waiting} other {and # more series waiting}}',
  'patterns.review.title': 'Patterns detected',
  'patterns.review.none': 'No pattern was detected in this range.',
  'patterns.review.loading': 'Loading the patterns…',
  'patterns.review.detected': 'Detected',
  'patterns.review.ended': 'Ended',
  'patterns.review.acknowledged': 'Acknowledged',
  'patterns.review.what': 'What',
  'patterns.review.when': 'When',
  'patterns.review.who': 'By',
  'patterns.review.system': 'Pattern watch',
  'patterns.review.atMoment':
    '{count, plural, =0 {No crime series alive at this moment} one {# crime series alive at this moment} other {# crime series alive at this moment}}',
} as const;

export const patternsAr: Record<keyof typeof patternsEn, string> = {
  'patterns.layer.series': 'سلاسل الجرائم والتكرار القريب',
  'patterns.layer.hotspots': 'البؤر الساخنة',
  'patterns.layer.forecast': 'خطر الساعات الـ24 القادمة',
  'patterns.key.title': 'الأنماط',
  'patterns.key.series': 'سلسلة جرائم (بحجمها الحقيقي)',
  'patterns.key.seriesNew': 'جديدة، لم يُقَرّ بها بعد',
  'patterns.key.nearRepeat': 'نطاق تكرار قريب: خطر مرتفع بعد جريمة حديثة',
  'patterns.key.nearRepeatNote':
    '{group}: ضمن {distance} م لمدة {days, plural, zero {# يوم} one {يوم واحد} two {يومين} few {# أيام} many {# يومًا} other {# يوم}} ({zones, plural, zero {لا نطاقات} one {نطاق واحد} two {نطاقان} few {# نطاقات} many {# نطاقًا} other {# نطاق}})',
  'patterns.key.hotspots': 'البؤر الساخنة الناشئة',
  'patterns.key.hotspotGroup': 'البؤر الساخنة لـ',
  'patterns.key.forecast': 'الأعلى خطرًا في الساعات الـ24 القادمة',
  'patterns.key.forecastNote':
    '{count, plural, zero {لا خلايا} one {الخلية الأعلى} two {الخليتان الأعلى} few {أعلى # خلايا} many {أعلى # خلية} other {أعلى # خلية}} حسب الخطر المتوقع',
  'patterns.alert.title': 'تنبيهات الأنماط',
  'patterns.alert.new': 'سلسلة جرائم جديدة',
  'patterns.alert.acknowledge': 'إقرار',
  'patterns.alert.acknowledging': 'جارٍ الإقرار…',
  'patterns.alert.acknowledgedBy': 'أقرّ بها {name} الساعة {time}',
  'patterns.alert.show': 'عرض على الخريطة',
  'patterns.alert.detectedAt': 'رُصدت {time}',
  'patterns.alert.more':
    '{count, plural, zero {ولا سلاسل أخرى} one {وسلسلة أخرى بانتظار الإقرار} two {وسلسلتان أخريان بانتظار الإقرار} few {و# سلاسل أخرى بانتظار الإقرار} many {و# سلسلة أخرى بانتظار الإقرار} other {و# سلسلة أخرى بانتظار الإقرار}}',
  'patterns.review.title': 'الأنماط المرصودة',
  'patterns.review.none': 'لم يُرصد أي نمط في هذه الفترة.',
  'patterns.review.loading': 'جارٍ تحميل الأنماط…',
  'patterns.review.detected': 'رُصدت',
  'patterns.review.ended': 'انتهت',
  'patterns.review.acknowledged': 'أُقرّ بها',
  'patterns.review.what': 'ماذا',
  'patterns.review.when': 'متى',
  'patterns.review.who': 'بواسطة',
  'patterns.review.system': 'رصد الأنماط',
  'patterns.review.atMoment':
    '{count, plural, zero {لا سلاسل جرائم قائمة في هذه اللحظة} one {سلسلة جرائم واحدة قائمة في هذه اللحظة} two {سلسلتا جرائم قائمتان في هذه اللحظة} few {# سلاسل جرائم قائمة في هذه اللحظة} many {# سلسلة جرائم قائمة في هذه اللحظة} other {# سلسلة جرائم قائمة في هذه اللحظة}}',
};
