import type { LocalizedText, Position } from '@mirsad/shared';

/**
 * The incident generator's gazetteer: populated districts, roads, industrial sites, crowd
 * and VIP venues, ports, border points, sea areas, desert areas and prisons. Positions are
 * approximate (a few hundred metres) and chosen to fall inside the shipped governorate
 * boundaries; sea areas fall outside every boundary but within 30 km of one, so that
 * `governorateOf` gives them the nearest governorate. Tests check both.
 */

/** The kinds of named place the generator scatters incidents around. */
export const PLACE_KINDS = [
  'district',
  'industrial',
  'crowd',
  'vip',
  'port',
  'sea',
  'border',
  'desert',
  'prison',
] as const;

/** A kind of named place. */
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** A named place that incidents happen in or near. */
export interface Place {
  kind: PlaceKind;
  /** Bare name, such as `Salmiya`. */
  name: LocalizedText;
  /** Where-phrase that completes a title, such as `in Salmiya` / `في السالمية`. */
  at: LocalizedText;
  position: Position;
  /** How far from `position` incidents scatter, metres. */
  radiusM: number;
  /** Relative frequency among places of its kind (population, traffic). */
  weight: number;
}

/** A stretch of road, as two ends of a straight segment. */
export interface Road {
  /** With its article in English: `the Fifth Ring Road`. */
  name: LocalizedText;
  /** The district it passes, for `near Salmiya`. */
  near: LocalizedText;
  from: Position;
  to: Position;
  /** Relative frequency (traffic volume). */
  weight: number;
}

const PREPOSITIONS: Readonly<Record<PlaceKind, LocalizedText>> = {
  district: { en: 'in', ar: 'في' },
  industrial: { en: 'at', ar: 'في' },
  crowd: { en: 'at', ar: 'في' },
  vip: { en: 'at', ar: 'في' },
  port: { en: 'at', ar: 'في' },
  sea: { en: 'off', ar: 'قبالة' },
  border: { en: 'near', ar: 'قرب' },
  desert: { en: 'in', ar: 'في' },
  prison: { en: 'at', ar: 'في' },
};

interface PlaceOptions {
  radiusM: number;
  weight?: number;
  /** A where-phrase for names the kind's preposition does not fit (`in Kuwait Bay`). */
  at?: LocalizedText;
}

function place(
  kind: PlaceKind,
  en: string,
  ar: string,
  position: Position,
  { radiusM, weight = 1, at }: PlaceOptions,
): Place {
  const preposition = PREPOSITIONS[kind];
  return {
    kind,
    name: { en, ar },
    at: at ?? { en: `${preposition.en} ${en}`, ar: `${preposition.ar} ${ar}` },
    position,
    radiusM,
    weight,
  };
}

const district = (en: string, ar: string, position: Position, weight = 1, radiusM = 700): Place =>
  place('district', en, ar, position, { radiusM, weight });

/** Named places by kind; districts are weighted roughly by population. */
export const PLACES: readonly Place[] = [
  // Capital
  district('Sharq', 'الشرق', [47.9915, 29.377], 2, 500),
  district('Qibla', 'القبلة', [47.968, 29.368], 1, 500),
  district('Mirqab', 'المرقاب', [47.98, 29.366], 1, 500),
  district('Shuwaikh', 'الشويخ', [47.935, 29.343]),
  district('Kaifan', 'كيفان', [47.958, 29.337]),
  district('Khaldiya', 'الخالدية', [47.965, 29.325], 1, 600),
  district('Rawda', 'الروضة', [47.985, 29.333], 1, 500),
  district('Qadsiya', 'القادسية', [47.995, 29.35], 1, 500),
  district('Mansouriya', 'المنصورية', [47.99, 29.357], 1, 400),
  district('Yarmouk', 'اليرموك', [47.97, 29.313], 1, 600),
  district('Doha', 'الدوحة', [47.812, 29.345], 1, 600),
  district('Jaber Al-Ahmad City', 'مدينة جابر الأحمد', [47.79, 29.34], 1, 800),
  // Hawalli
  district('Hawalli', 'حولي', [48.025, 29.34], 3),
  district('Salmiya', 'السالمية', [48.075, 29.335], 3),
  district('Jabriya', 'الجابرية', [48.025, 29.318], 2),
  district('Rumaithiya', 'الرميثية', [48.075, 29.31], 2),
  district('Salwa', 'سلوى', [48.078, 29.295], 2, 600),
  district('Bayan', 'بيان', [48.045, 29.3], 1),
  district('Mishref', 'مشرف', [48.065, 29.276], 1, 500),
  district('Surra', 'السرة', [48.0, 29.31], 1, 500),
  district('Shaab', 'الشعب', [48.022, 29.352], 1, 400),
  district('Hitteen', 'حطين', [47.997, 29.28], 1, 500),
  district('Zahra', 'الزهراء', [48.01, 29.272], 1, 500),
  // Farwaniya
  district('Farwaniya', 'الفروانية', [47.958, 29.278], 3),
  district('Khaitan', 'خيطان', [47.972, 29.285], 3, 600),
  district('Jleeb Al-Shuyoukh', 'جليب الشيوخ', [47.935, 29.262], 3),
  district('Ardiya', 'العارضية', [47.905, 29.295]),
  district('Andalus', 'الأندلس', [47.875, 29.298], 1, 500),
  district('Rabiya', 'الرابية', [47.93, 29.29], 1, 500),
  district('Omariya', 'العمرية', [47.955, 29.295], 1, 500),
  district('Rehab', 'الرحاب', [47.925, 29.275], 1, 500),
  district('Abdullah Al-Mubarak', 'عبدالله المبارك', [47.885, 29.235]),
  district('Sabah Al-Nasser', 'صباح الناصر', [47.868, 29.278], 1, 600),
  // Mubarak Al-Kabeer
  district('Sabah Al-Salem', 'صباح السالم', [48.07, 29.25], 3),
  district('Qurain', 'القرين', [48.075, 29.205], 2),
  district('Adan', 'العدان', [48.088, 29.228], 2, 600),
  district('Qusour', 'القصور', [48.09, 29.212], 1, 500),
  district('Messila', 'المسيلة', [48.085, 29.262], 1, 400),
  district('Abu Fatira', 'أبو فطيرة', [48.1, 29.205], 1, 400),
  // Ahmadi
  district('Fintas', 'الفنطاس', [48.118, 29.172], 2, 500),
  district('Abu Halifa', 'أبو حليفة', [48.12, 29.13], 2, 500),
  district('Mangaf', 'المنقف', [48.127, 29.098], 2, 500),
  district('Fahaheel', 'الفحيحيل', [48.125, 29.082], 3, 600),
  district('Mahboula', 'المهبولة', [48.13, 29.145], 3, 500),
  district('Ahmadi', 'الأحمدي', [48.085, 29.078], 2),
  district('Riqqa', 'الرقة', [48.095, 29.148], 1, 600),
  district('Sabahiya', 'الصباحية', [48.105, 29.11], 2, 600),
  district('Egaila', 'العقيلة', [48.1, 29.172], 1, 500),
  district('Hadiya', 'هدية', [48.088, 29.138], 1, 500),
  district('Jaber Al-Ali', 'جابر العلي', [48.06, 29.125], 1, 600),
  district('Dhaher', 'الظهر', [48.045, 29.152], 1, 600),
  district('Wafra', 'الوفرة', [47.93, 28.64], 1, 1200),
  district('Khiran', 'الخيران', [48.342, 28.65], 1, 400),
  // Jahra
  district('Jahra', 'الجهراء', [47.665, 29.345], 3),
  district('Saad Al-Abdullah', 'سعد العبدالله', [47.7, 29.315], 2),
  district('Naeem', 'النعيم', [47.655, 29.33], 1, 500),
  district('Qasr', 'القصر', [47.68, 29.355], 1, 500),
  district('Taima', 'تيماء', [47.655, 29.315], 1, 500),
  district('Sulaibiya', 'الصليبية', [47.82, 29.275], 2),
  district('Amghara', 'أمغرة', [47.755, 29.3], 1, 800),
  district('Abdali', 'العبدلي', [47.72, 30.02], 1, 1500),
  district('Subiya', 'الصبية', [47.935, 29.575], 1, 800),

  place('industrial', 'the Shuaiba Industrial Area', 'منطقة الشعيبة الصناعية', [48.135, 29.04], {
    radiusM: 800,
    weight: 2,
  }),
  place('industrial', 'the Mina Al-Ahmadi Refinery', 'مصفاة ميناء الأحمدي', [48.14, 29.065], {
    radiusM: 600,
    weight: 2,
  }),
  place('industrial', 'the Mina Abdullah Refinery', 'مصفاة ميناء عبدالله', [48.15, 28.995], { radiusM: 600 }),
  place('industrial', 'the Shuwaikh Industrial Area', 'منطقة الشويخ الصناعية', [47.94, 29.333], {
    radiusM: 600,
    weight: 2,
  }),
  place('industrial', 'the Amghara Industrial Area', 'منطقة أمغرة الصناعية', [47.75, 29.29], {
    radiusM: 800,
    weight: 2,
  }),
  place('industrial', 'the Ardiya Storage Area', 'منطقة مخازن العارضية', [47.89, 29.3], { radiusM: 500 }),
  place('industrial', 'the Rai Industrial Area', 'منطقة الري الصناعية', [47.925, 29.303], { radiusM: 400 }),
  place('industrial', 'the Sabhan Industrial Area', 'منطقة صبحان الصناعية', [48.015, 29.23], {
    radiusM: 700,
  }),
  place('industrial', 'the Az-Zour Power Station', 'محطة الزور لتوليد الكهرباء', [48.375, 28.72], {
    radiusM: 300,
  }),
  place('industrial', 'the Doha West Power Station', 'محطة الدوحة الغربية لتوليد الكهرباء', [47.81, 29.36], {
    radiusM: 300,
  }),
  place('industrial', 'the Subiya Power Station', 'محطة الصبية لتوليد الكهرباء', [47.92, 29.56], {
    radiusM: 400,
  }),
  place('industrial', 'the Burgan Oil Field', 'حقل برقان النفطي', [47.98, 28.98], { radiusM: 3000 }),

  place('crowd', 'the Gulf Road by Kuwait Towers', 'شارع الخليج العربي عند أبراج الكويت', [47.993, 29.381], {
    radiusM: 200,
    weight: 2,
  }),
  place('crowd', 'Marina Crescent, Salmiya', 'مارينا كريسنت، السالمية', [48.08, 29.34], {
    radiusM: 200,
    weight: 2,
  }),
  place('crowd', 'Souq Al-Mubarakiya', 'سوق المباركية', [47.973, 29.371], { radiusM: 200, weight: 2 }),
  place('crowd', 'the Grand Mosque', 'المسجد الكبير', [47.982, 29.374], { radiusM: 150 }),
  place('crowd', 'Jaber Al-Ahmad International Stadium', 'استاد جابر الأحمد الدولي', [47.912, 29.268], {
    radiusM: 300,
  }),
  place('crowd', 'The Avenues Mall', 'مجمع الأفنيوز', [47.933, 29.303], { radiusM: 300, weight: 2 }),
  place('crowd', '360 Mall', 'مجمع 360', [48.015, 29.27], { radiusM: 200 }),
  place('crowd', 'Al-Kout Mall, Fahaheel', 'مجمع الكوت، الفحيحيل', [48.135, 29.083], { radiusM: 200 }),
  place('crowd', 'the International Fairground, Mishref', 'أرض المعارض الدولية، مشرف', [48.058, 29.279], {
    radiusM: 300,
  }),
  place('crowd', 'Al-Shaheed Park', 'حديقة الشهيد', [47.99, 29.37], { radiusM: 250 }),

  place('vip', 'Seif Palace', 'قصر السيف', [47.985, 29.379], { radiusM: 150 }),
  place('vip', 'Bayan Palace', 'قصر بيان', [48.045, 29.305], { radiusM: 200 }),
  place('vip', 'the National Assembly', 'مجلس الأمة', [47.97, 29.372], { radiusM: 150 }),
  place('vip', 'Kuwait International Airport', 'مطار الكويت الدولي', [47.975, 29.24], {
    radiusM: 400,
    weight: 2,
  }),
  place('vip', 'Sheikh Jaber Al-Ahmad Cultural Centre', 'مركز الشيخ جابر الأحمد الثقافي', [47.988, 29.367], {
    radiusM: 150,
  }),

  place('port', 'Shuwaikh Port', 'ميناء الشويخ', [47.925, 29.355], { radiusM: 300, weight: 2 }),
  place('port', 'Shuaiba Port', 'ميناء الشعيبة', [48.145, 29.035], { radiusM: 300 }),
  place('port', 'Doha Port', 'ميناء الدوحة', [47.832, 29.37], { radiusM: 200 }),

  place('border', 'the Abdali border crossing', 'منفذ العبدلي', [47.72, 30.07], { radiusM: 1200, weight: 2 }),
  place('border', 'the northern border near Umm Qasr', 'الحدود الشمالية مقابل أم قصر', [47.88, 30.01], {
    radiusM: 1200,
  }),
  place('border', 'the Salmi border crossing', 'منفذ السالمي', [47.1, 29.06], { radiusM: 1500, weight: 2 }),
  place('border', 'Wadi Al-Batin', 'وادي الباطن', [46.79, 29.33], { radiusM: 2500 }),
  place('border', 'the Nuwaiseeb border crossing', 'منفذ النويصيب', [48.375, 28.56], {
    radiusM: 1000,
    weight: 2,
  }),
  place('border', 'the border strip south of Wafra', 'الشريط الحدودي جنوب الوفرة', [47.9, 28.56], {
    radiusM: 1500,
  }),

  place('sea', 'Salmiya', 'السالمية', [48.135, 29.365], { radiusM: 2000, weight: 2 }),
  place('sea', 'Kuwait Bay', 'جون الكويت', [47.9, 29.45], {
    radiusM: 3000,
    weight: 2,
    at: { en: 'in Kuwait Bay', ar: 'في جون الكويت' },
  }),
  place('sea', 'Doha', 'الدوحة', [47.82, 29.41], { radiusM: 1500 }),
  place('sea', 'Failaka Island', 'جزيرة فيلكا', [48.3, 29.395], { radiusM: 2000, weight: 2 }),
  place('sea', 'Messila', 'المسيلة', [48.14, 29.26], { radiusM: 2000 }),
  place('sea', 'Fintas', 'الفنطاس', [48.17, 29.17], { radiusM: 2000 }),
  place('sea', 'Fahaheel', 'الفحيحيل', [48.19, 29.08], { radiusM: 2000 }),
  place('sea', 'Kubbar Island', 'جزيرة كبر', [48.4, 29.05], {
    radiusM: 2000,
    at: { en: 'towards Kubbar Island', ar: 'باتجاه جزيرة كبر' },
  }),
  place('sea', "Ras Al-Jlai'a", 'رأس الجليعة', [48.31, 28.9], { radiusM: 2000 }),
  place('sea', 'Ras Az-Zour', 'رأس الزور', [48.44, 28.76], { radiusM: 2000 }),
  place('sea', 'Khiran', 'الخيران', [48.46, 28.64], { radiusM: 2000 }),
  place('sea', 'Khor Abdullah', 'خور عبدالله', [48.28, 29.93], {
    radiusM: 2000,
    at: { en: 'in Khor Abdullah', ar: 'في خور عبدالله' },
  }),
  place('sea', 'Bubiyan Island', 'جزيرة بوبيان', [48.4, 29.72], { radiusM: 2000 }),

  place('desert', 'the Subiya camping area', 'منطقة مخيمات الصبية', [47.8, 29.62], {
    radiusM: 4000,
    weight: 2,
  }),
  place('desert', "the Mutla'a ridge", 'جال المطلاع', [47.6, 29.45], { radiusM: 3000, weight: 2 }),
  place('desert', 'the Salmi desert', 'صحراء السالمي', [47.3, 29.15], { radiusM: 5000 }),
  place('desert', 'the Wafra farms', 'مزارع الوفرة', [47.95, 28.6], { radiusM: 3000 }),
  place('desert', 'the Abdali farms', 'مزارع العبدلي', [47.75, 29.95], { radiusM: 3000 }),
  place('desert', 'Kabd', 'كبد', [47.77, 29.17], { radiusM: 3000 }),
  place('desert', 'Umm Al-Aish', 'أم العيش', [47.65, 29.75], { radiusM: 3000 }),

  place('prison', 'the Central Prison, Sulaibiya', 'السجن المركزي في الصليبية', [47.795, 29.262], {
    radiusM: 150,
    weight: 2,
  }),
  place('prison', 'the Public Prison, Sulaibiya', 'السجن العام في الصليبية', [47.802, 29.258], {
    radiusM: 150,
    weight: 2,
  }),
  place('prison', "the Women's Prison, Sulaibiya", 'سجن النساء في الصليبية', [47.788, 29.256], {
    radiusM: 150,
  }),
];

const road = (
  en: string,
  ar: string,
  nearEn: string,
  nearAr: string,
  from: Position,
  to: Position,
  weight = 1,
): Road => ({ name: { en, ar }, near: { en: nearEn, ar: nearAr }, from, to, weight });

/** Road stretches that traffic incidents happen on, weighted roughly by traffic. */
export const ROADS: readonly Road[] = [
  road('the Fifth Ring Road', 'الدائري الخامس', 'Salmiya', 'السالمية', [48.035, 29.318], [48.07, 29.317], 3),
  road(
    'the Fifth Ring Road',
    'الدائري الخامس',
    'Khaldiya',
    'الخالدية',
    [47.945, 29.318],
    [47.985, 29.318],
    2,
  ),
  road(
    'the Sixth Ring Road',
    'الدائري السادس',
    'Jleeb Al-Shuyoukh',
    'جليب الشيوخ',
    [47.9, 29.262],
    [47.96, 29.258],
    3,
  ),
  road('the Sixth Ring Road', 'الدائري السادس', 'Mishref', 'مشرف', [48.02, 29.268], [48.075, 29.266], 2),
  road(
    'the Sixth Ring Road',
    'الدائري السادس',
    'Saad Al-Abdullah',
    'سعد العبدالله',
    [47.7, 29.3],
    [47.78, 29.29],
  ),
  road('the Fourth Ring Road', 'الدائري الرابع', 'Hawalli', 'حولي', [47.995, 29.337], [48.04, 29.336], 2),
  road(
    'the Seventh Ring Road',
    'الدائري السابع',
    'the airport',
    'المطار',
    [47.9, 29.215],
    [47.99, 29.215],
    2,
  ),
  road(
    'the Fahaheel Expressway',
    'طريق الفحيحيل السريع',
    'Fintas',
    'الفنطاس',
    [48.095, 29.22],
    [48.11, 29.15],
    3,
  ),
  road(
    'the Fahaheel Expressway',
    'طريق الفحيحيل السريع',
    'Mangaf',
    'المنقف',
    [48.11, 29.15],
    [48.12, 29.09],
    2,
  ),
  road(
    'King Fahd Bin Abdulaziz Road',
    'طريق الملك فهد بن عبدالعزيز',
    'Ahmadi',
    'الأحمدي',
    [48.05, 29.2],
    [48.065, 29.09],
    2,
  ),
  road(
    'Jahra Road',
    'طريق الجهراء',
    'Jaber Al-Ahmad City',
    'مدينة جابر الأحمد',
    [47.76, 29.325],
    [47.85, 29.312],
    2,
  ),
  road(
    'the Gulf Road',
    'شارع الخليج العربي',
    'Kuwait Towers',
    'أبراج الكويت',
    [47.975, 29.378],
    [47.993, 29.379],
    2,
  ),
  road('Airport Road', 'طريق المطار', 'Khaitan', 'خيطان', [47.98, 29.3], [47.978, 29.255], 2),
  road(
    'the Ghazali Expressway',
    'طريق الغزالي السريع',
    'Shuwaikh',
    'الشويخ',
    [47.945, 29.345],
    [47.94, 29.3],
    2,
  ),
  road('Salmi Road', 'طريق السالمي', 'Salmi', 'السالمي', [47.25, 29.12], [47.45, 29.22]),
  road('Abdali Road', 'طريق العبدلي', "Mutla'a", 'المطلاع', [47.68, 29.45], [47.72, 29.7]),
  road('Subiya Road', 'طريق الصبية', 'Subiya', 'الصبية', [47.75, 29.45], [47.88, 29.56]),
  road('Wafra Road', 'طريق الوفرة', 'Wafra', 'الوفرة', [48.0, 28.75], [47.94, 28.66]),
  road('Khiran Road', 'طريق الخيران', 'Nuwaiseeb', 'النويصيب', [48.25, 28.8], [48.33, 28.6]),
];
