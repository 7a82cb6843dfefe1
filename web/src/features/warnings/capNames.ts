import type {
  CapCategory,
  CapCertainty,
  CapResponseType,
  CapSeverity,
  CapUrgency,
  LocalizedText,
} from '@mirsad/shared';

// CAP's values as an author in the room reads them. The CAP message keeps CAP's own words.

/** CAP categories in both languages. */
export const CAP_CATEGORY_NAMES: Readonly<Record<CapCategory, LocalizedText>> = {
  Geo: { en: 'Geophysical (earthquake…)', ar: 'جيوفيزيائي (زلزال…)' },
  Met: { en: 'Weather (rain, storm, dust…)', ar: 'طقس (أمطار، عاصفة، غبار…)' },
  Safety: { en: 'Public safety', ar: 'السلامة العامة' },
  Security: { en: 'Security', ar: 'الأمن' },
  Rescue: { en: 'Rescue and recovery', ar: 'الإنقاذ' },
  Fire: { en: 'Fire', ar: 'حريق' },
  Health: { en: 'Health', ar: 'الصحة' },
  Env: { en: 'Pollution and environment', ar: 'التلوث والبيئة' },
  Transport: { en: 'Roads and transport', ar: 'الطرق والنقل' },
  Infra: { en: 'Utilities (power, water…)', ar: 'المرافق (كهرباء، ماء…)' },
  CBRNE: {
    en: 'Chemical, biological, radiological, explosive',
    ar: 'كيميائي أو بيولوجي أو إشعاعي أو متفجرات',
  },
  Other: { en: 'Other', ar: 'أخرى' },
};

/** CAP urgencies in both languages. */
export const CAP_URGENCY_NAMES: Readonly<Record<CapUrgency, LocalizedText>> = {
  Immediate: { en: 'Immediate: act now', ar: 'فوري: تصرّف الآن' },
  Expected: { en: 'Expected: act within the hour', ar: 'متوقع: تصرّف خلال ساعة' },
  Future: { en: 'Future: act soon', ar: 'مستقبلي: تصرّف قريبًا' },
  Past: { en: 'Past: no longer needed', ar: 'انتهى: لم يعد لازمًا' },
  Unknown: { en: 'Unknown', ar: 'غير معروف' },
};

/** CAP severities in both languages. */
export const CAP_SEVERITY_NAMES: Readonly<Record<CapSeverity, LocalizedText>> = {
  Extreme: { en: 'Extreme: threat to life', ar: 'قصوى: خطر على الحياة' },
  Severe: { en: 'Severe: significant threat', ar: 'شديدة: خطر كبير' },
  Moderate: { en: 'Moderate', ar: 'متوسطة' },
  Minor: { en: 'Minor', ar: 'بسيطة' },
  Unknown: { en: 'Unknown', ar: 'غير معروفة' },
};

/** CAP certainties in both languages. */
export const CAP_CERTAINTY_NAMES: Readonly<Record<CapCertainty, LocalizedText>> = {
  Observed: { en: 'Observed: it is happening', ar: 'مؤكد: يحدث الآن' },
  Likely: { en: 'Likely', ar: 'مرجّح' },
  Possible: { en: 'Possible', ar: 'محتمل' },
  Unlikely: { en: 'Unlikely', ar: 'غير مرجّح' },
  Unknown: { en: 'Unknown', ar: 'غير معروف' },
};

/** CAP response types in both languages. */
export const CAP_RESPONSE_TYPE_NAMES: Readonly<Record<CapResponseType, LocalizedText>> = {
  Shelter: { en: 'Take shelter', ar: 'احتمِ في مكان آمن' },
  Evacuate: { en: 'Leave the area', ar: 'غادر المنطقة' },
  Prepare: { en: 'Get ready', ar: 'استعد' },
  Execute: { en: 'Follow the instructions', ar: 'نفّذ التعليمات' },
  Avoid: { en: 'Avoid the area', ar: 'تجنّب المنطقة' },
  Monitor: { en: 'Follow the news', ar: 'تابع الأخبار' },
  Assess: { en: 'Assess and decide', ar: 'قيّم وقرّر' },
  AllClear: { en: 'All clear', ar: 'زال الخطر' },
  None: { en: 'No action', ar: 'لا إجراء' },
};

/**
 * Extra languages an author may add beside Arabic and English: the languages most of Kuwait's
 * residents read, each named in itself (so a speaker finds it) and tagged as CAP wants.
 */
export const EXTRA_LANGUAGES: readonly { tag: string; name: string }[] = [
  { tag: 'hi', name: 'हिन्दी' },
  { tag: 'ur', name: 'اردو' },
  { tag: 'bn', name: 'বাংলা' },
  { tag: 'ml', name: 'മലയാളം' },
  { tag: 'ta', name: 'தமிழ்' },
  { tag: 'fil', name: 'Filipino' },
  { tag: 'si', name: 'සිංහල' },
  { tag: 'ne', name: 'नेपाली' },
  { tag: 'fa', name: 'فارسی' },
];
