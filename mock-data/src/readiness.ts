import { LocalizedTextSchema } from '@mirsad/shared';
import { z } from 'zod';

// The public page's readiness guidance (web/src/features/public/). It is bundled with the page,
// not served: a phone that opened the page once keeps it, and it needs no request. It imports
// nothing that reads files, so the web app can import it (`@mirsad/mock-data/readiness`).
//
// Written for a resident reading on a phone in a hurry, in both languages: one action per line,
// the verb first, everyday words (no "evacuate" where "leave" will do, no agency jargon),
// Modern Standard Arabic as the ministry's public notices use it. readiness.test.ts holds the
// plain-language checks (sentence length, no jargon, both languages for every line).

/** One stage of a guide (before, during, after) and its steps, one action each. */
export const ReadinessStageSchema = z.object({
  title: LocalizedTextSchema,
  steps: z.array(LocalizedTextSchema).min(1),
});

/** A readiness guide for one kind of emergency. */
export const ReadinessGuideSchema = z.object({
  id: z.enum(['heavy-rain', 'fire']),
  title: LocalizedTextSchema,
  summary: LocalizedTextSchema,
  stages: z.array(ReadinessStageSchema).min(1),
});

/** A readiness guide for one kind of emergency. */
export type ReadinessGuide = z.infer<typeof ReadinessGuideSchema>;

/** Kuwait's emergency number, the same for police, fire and ambulance. */
export const EMERGENCY_NUMBER = '112';

/** What residents should do before, during and after heavy rain and a fire. */
export const READINESS_GUIDES: readonly ReadinessGuide[] = [
  {
    id: 'heavy-rain',
    title: { en: 'Heavy rain and flooding', ar: 'الأمطار الغزيرة والسيول' },
    summary: {
      en: 'Rain in Kuwait can flood roads and tunnels within minutes. Most harm comes from driving into water.',
      ar: 'قد تغمر الأمطار في الكويت الطرق والأنفاق خلال دقائق. ومعظم الأضرار تحدث عند القيادة داخل المياه.',
    },
    stages: [
      {
        title: { en: 'Before the rain', ar: 'قبل المطر' },
        steps: [
          {
            en: 'Follow official warnings on this page and in the news.',
            ar: 'تابع التحذيرات الرسمية في هذه الصفحة وفي الأخبار.',
          },
          {
            en: 'Clear the drains on your roof and in your yard.',
            ar: 'نظّف مصارف المياه على السطح وفي فناء المنزل.',
          },
          {
            en: 'Move your car away from low ground and tunnels.',
            ar: 'أبعد سيارتك عن الأماكن المنخفضة والأنفاق.',
          },
          {
            en: 'Keep a torch, a charged phone and drinking water at home.',
            ar: 'احتفظ في البيت بمصباح يدوي وهاتف مشحون وماء للشرب.',
          },
        ],
      },
      {
        title: { en: 'During the rain', ar: 'أثناء المطر' },
        steps: [
          {
            en: 'Stay at home unless you must go out.',
            ar: 'ابقَ في البيت إلا إذا كان خروجك ضروريًا.',
          },
          {
            en: 'Never drive or walk into water on a road. It can be deeper than it looks.',
            ar: 'لا تقد سيارتك ولا تمشِ في المياه على الطريق. قد تكون أعمق مما تبدو.',
          },
          {
            en: 'Keep away from tunnels, valleys and low roads.',
            ar: 'ابتعد عن الأنفاق والأودية والطرق المنخفضة.',
          },
          {
            en: 'Keep away from power lines and electric boxes in water.',
            ar: 'ابتعد عن أسلاك الكهرباء وصناديقها إذا كانت في الماء.',
          },
          {
            en: 'If water comes into your home, switch off the power. Do it only if the switch is dry.',
            ar: 'إذا دخل الماء بيتك، افصل الكهرباء. افعل ذلك فقط إذا كان المفتاح جافًا.',
          },
          {
            en: `If you or someone else is in danger, call ${EMERGENCY_NUMBER}.`,
            ar: `إذا كنت أنت أو غيرك في خطر، اتصل بالرقم ${EMERGENCY_NUMBER}.`,
          },
        ],
      },
      {
        title: { en: 'After the rain', ar: 'بعد المطر' },
        steps: [
          {
            en: 'Wait for roads to be opened before you drive.',
            ar: 'انتظر فتح الطرق قبل أن تقود سيارتك.',
          },
          {
            en: 'Do not let children play in pools of rain water.',
            ar: 'لا تسمح للأطفال باللعب في برك مياه الأمطار.',
          },
          {
            en: 'If you had to leave home, go back only when told it is safe.',
            ar: 'إذا غادرت بيتك، فلا تعد إليه إلا عندما يُعلَن أنه آمن.',
          },
        ],
      },
    ],
  },
  {
    id: 'fire',
    title: { en: 'Fire', ar: 'الحريق' },
    summary: {
      en: 'Smoke harms faster than flames. Get out early, stay low and call for help.',
      ar: 'الدخان يؤذي أسرع من النار. اخرج مبكرًا، وابقَ منخفضًا، واطلب المساعدة.',
    },
    stages: [
      {
        title: { en: 'Be ready', ar: 'كن مستعدًا' },
        steps: [
          {
            en: 'Fit a smoke alarm on every floor and test it each month.',
            ar: 'ركّب جهاز إنذار دخان في كل طابق، وجرّبه كل شهر.',
          },
          {
            en: 'Keep a fire extinguisher in the kitchen and learn how to use it.',
            ar: 'احتفظ بطفاية حريق في المطبخ، وتعلّم طريقة استخدامها.',
          },
          {
            en: 'Agree with your family on two ways out and a place to meet outside.',
            ar: 'اتفق مع أسرتك على طريقين للخروج ومكان للقاء خارج البيت.',
          },
          {
            en: 'Keep stairs and doors clear. Never lock a fire exit.',
            ar: 'أبقِ السلالم والأبواب خالية. ولا تغلق باب الطوارئ بالقفل أبدًا.',
          },
        ],
      },
      {
        title: { en: 'If there is a fire', ar: 'عند وقوع حريق' },
        steps: [
          {
            en: 'Warn everyone and leave at once. Do not stop to take things.',
            ar: 'نبّه الجميع واخرج فورًا. لا تتوقف لأخذ أغراضك.',
          },
          {
            en: `Call ${EMERGENCY_NUMBER} when you are outside.`,
            ar: `اتصل بالرقم ${EMERGENCY_NUMBER} عندما تصبح في الخارج.`,
          },
          {
            en: 'Stay low under the smoke and cover your nose and mouth.',
            ar: 'ابقَ منخفضًا تحت الدخان، وغطِّ أنفك وفمك.',
          },
          {
            en: 'Touch a door before you open it. If it is hot, use another way.',
            ar: 'المس الباب قبل فتحه. إذا كان ساخنًا، فاستخدم طريقًا آخر.',
          },
          {
            en: 'Use the stairs, never the lift.',
            ar: 'استخدم الدرج، ولا تستخدم المصعد أبدًا.',
          },
          {
            en: 'If you cannot get out, close the door, block the gaps and call from a window.',
            ar: 'إذا لم تستطع الخروج، أغلق الباب وسدّ الفتحات، واطلب النجدة من النافذة.',
          },
          {
            en: 'If your clothes catch fire: stop, drop to the ground and roll.',
            ar: 'إذا اشتعلت ملابسك: توقف، وانبطح على الأرض، وتدحرج.',
          },
        ],
      },
      {
        title: { en: 'Afterwards', ar: 'بعد الحريق' },
        steps: [
          {
            en: 'Do not go back inside until the fire service says it is safe.',
            ar: 'لا تعد إلى الداخل حتى يسمح لك رجال الإطفاء.',
          },
          {
            en: 'See a doctor if you breathed in smoke, even if you feel well.',
            ar: 'راجع الطبيب إذا استنشقت الدخان، حتى لو شعرت أنك بخير.',
          },
        ],
      },
    ],
  },
];
