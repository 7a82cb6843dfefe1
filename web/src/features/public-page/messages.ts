/**
 * The strings of the public page (`/public`), in both languages. The page is its own entry (it
 * loads none of the room's code, so not the room's message table either): it formats these
 * itself (`i18n.ts`), and `i18n/messages.ts` merges them into the client's table too, so the
 * plural and placeholder checks of `plural.test.ts` cover them. Keys start with `public.`.
 */
export const publicEn = {
  'public.title': 'Public warnings',
  'public.ministry': 'Ministry of Interior — State of Kuwait',
  'public.skip': 'Skip to the warnings',
  'public.updated': 'Updated {time}',
  'public.stale': 'Could not update. Showing what was loaded at {time}.',
  'public.unreachable': 'Could not load the warnings. Check your connection; the page tries again by itself.',
  'public.loading': 'Loading…',
  'public.emergency': 'In an emergency call {number}',
  'public.nav.warnings': 'Warnings',
  'public.nav.shelters': 'Shelters',
  'public.nav.ready': 'Be ready',

  'public.warnings.title': 'Active warnings',
  'public.warnings.count':
    '{count, plural, =0 {No active warnings} one {# active warning} other {# active warnings}}',
  'public.warnings.none': 'There are no warnings in force now.',
  'public.warnings.area': 'Area',
  'public.warnings.from': 'From',
  'public.warnings.until': 'Until',
  'public.warnings.issued': 'Issued {time} by {sender}',
  'public.warnings.whatToDo': 'What to do',
  'public.warnings.showOnMap': 'Show on map',
  'public.warnings.updateOf': 'This updates an earlier warning.',
  'public.severity.Extreme': 'Extreme danger',
  'public.severity.Severe': 'Severe',
  'public.severity.Moderate': 'Moderate',
  'public.severity.Minor': 'Minor',
  'public.severity.Unknown': 'Warning',
  'public.map.label': 'Map of the areas under warning',
  'public.map.unavailable': 'The map cannot be shown on this device. The list below has every area.',
  'public.map.attribution': 'Natural Earth; boundaries approximate',
  'public.map.shelter': 'Shelter',

  'public.shelters.title': 'Open shelters',
  'public.shelters.count':
    '{count, plural, =0 {No shelter is open} one {# shelter open} other {# shelters open}}',
  'public.shelters.none': 'No shelter is open now. If you need one, call {number}.',
  'public.shelters.hasRoom': 'Has room',
  'public.shelters.full': 'Full',
  'public.shelters.directions': 'Directions',
  'public.shelters.directionsLabel': 'Directions to {name} (opens your maps app)',

  'public.ready.title': 'Be ready',
  'public.ready.intro': 'What to do before, during and after an emergency.',

  'public.footer.public':
    'This page shows only what the Ministry of Interior has published for the public. It changes as warnings are issued, updated and ended.',
  'public.footer.cap': 'Machine-readable feed (CAP 1.2)',
  'public.lang.switch': 'العربية',
  'public.lang.label': 'عرض الصفحة بالعربية (Show the page in Arabic)',
} as const;

/** The public page's strings in Arabic. */
export const publicAr: Readonly<Record<keyof typeof publicEn, string>> = {
  'public.title': 'التحذيرات العامة',
  'public.ministry': 'وزارة الداخلية — دولة الكويت',
  'public.skip': 'انتقل إلى التحذيرات',
  'public.updated': 'آخر تحديث {time}',
  'public.stale': 'تعذّر التحديث. المعروض هو ما حُمّل الساعة {time}.',
  'public.unreachable': 'تعذّر تحميل التحذيرات. تحقّق من اتصالك؛ ستعيد الصفحة المحاولة تلقائيًا.',
  'public.loading': 'جارٍ التحميل…',
  'public.emergency': 'في الطوارئ اتصل بالرقم {number}',
  'public.nav.warnings': 'التحذيرات',
  'public.nav.shelters': 'مراكز الإيواء',
  'public.nav.ready': 'كن مستعدًا',

  'public.warnings.title': 'التحذيرات السارية',
  'public.warnings.count':
    '{count, plural, zero {لا توجد تحذيرات سارية} one {تحذير واحد سارٍ} two {تحذيران ساريان} few {# تحذيرات سارية} many {# تحذيرًا ساريًا} other {# تحذير سارٍ}}',
  'public.warnings.none': 'لا توجد تحذيرات سارية الآن.',
  'public.warnings.area': 'المنطقة',
  'public.warnings.from': 'من',
  'public.warnings.until': 'حتى',
  'public.warnings.issued': 'صدر {time} عن {sender}',
  'public.warnings.whatToDo': 'ماذا تفعل',
  'public.warnings.showOnMap': 'اعرض على الخريطة',
  'public.warnings.updateOf': 'هذا تحديث لتحذير سابق.',
  'public.severity.Extreme': 'خطر شديد جدًا',
  'public.severity.Severe': 'خطر شديد',
  'public.severity.Moderate': 'خطر متوسط',
  'public.severity.Minor': 'خطر بسيط',
  'public.severity.Unknown': 'تحذير',
  'public.map.label': 'خريطة المناطق المشمولة بالتحذير',
  'public.map.unavailable': 'لا يمكن عرض الخريطة على هذا الجهاز. القائمة أدناه فيها كل المناطق.',
  'public.map.attribution': 'Natural Earth؛ الحدود تقريبية',
  'public.map.shelter': 'مركز إيواء',

  'public.shelters.title': 'مراكز الإيواء المفتوحة',
  'public.shelters.count':
    '{count, plural, zero {لا يوجد مركز إيواء مفتوح} one {مركز إيواء واحد مفتوح} two {مركزا إيواء مفتوحان} few {# مراكز إيواء مفتوحة} many {# مركز إيواء مفتوحًا} other {# مركز إيواء مفتوح}}',
  'public.shelters.none': 'لا يوجد مركز إيواء مفتوح الآن. إذا احتجت إلى مأوى، اتصل بالرقم {number}.',
  'public.shelters.hasRoom': 'يتّسع لمزيد',
  'public.shelters.full': 'ممتلئ',
  'public.shelters.directions': 'الاتجاهات',
  'public.shelters.directionsLabel': 'الاتجاهات إلى {name} (تفتح تطبيق الخرائط)',

  'public.ready.title': 'كن مستعدًا',
  'public.ready.intro': 'ماذا تفعل قبل الطوارئ وأثناءها وبعدها.',

  'public.footer.public':
    'تعرض هذه الصفحة فقط ما نشرته وزارة الداخلية للجمهور. وتتغيّر عند إصدار التحذيرات وتحديثها وانتهائها.',
  'public.footer.cap': 'موجز للأنظمة الآلية (CAP 1.2)',
  'public.lang.switch': 'English',
  'public.lang.label': 'Show the page in English (عرض الصفحة بالإنجليزية)',
};

/** A key of the public page's strings. */
export type PublicMessageKey = keyof typeof publicEn;
