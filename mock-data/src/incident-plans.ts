import type { SectorId, SECTORS } from '@mirsad/shared';
import type { PlaceKind } from './places.js';

/**
 * What the incident generator makes for each sector and category: how often, how severe,
 * where, and the words. Typed against `SECTORS`, so a category added to `shared/` fails to
 * compile here until it has a plan.
 *
 * Templates are ICU messages (formatted with intl-messageformat in `INTL_LOCALES`): `{at}` is
 * a where-phrase (`on the Fifth Ring Road near Salmiya`, `في السالمية`), and a number that
 * counts something is a `plural`, with Arabic's one, two, few (3–10), many (11–99) and other
 * forms, so any count reads right: `{n}` 1–12, `{people}` 1–150, `{minutes}` 1–90; `{crowd}`
 * 500–4000 in hundreds and `{depth}` 20–80 (centimetres) are measures, not counted nouns.
 */

/** The ids of one sector's categories, from `SECTORS`. */
export type CategoryIdOf<S extends SectorId> = Extract<
  (typeof SECTORS)[number],
  { id: S }
>['categories'][number]['id'];

/** Where an incident can be put: a kind of named place, a road, or a facility. */
export type LocationKind = PlaceKind | 'road' | 'station' | 'shelter';

/** Relative weights of severities 1 to 5. */
export type SeverityWeights = readonly [number, number, number, number, number];

/** Templates in both languages; each list is picked from at random. */
export interface Templates {
  en: readonly string[];
  ar: readonly string[];
}

/** How the generator makes incidents of one category. */
export interface CategoryPlan {
  /** Relative frequency within its sector. */
  weight: number;
  /** Where it happens, with relative weights. */
  where: readonly (readonly [LocationKind, number])[];
  /** Severity weights; most incidents are minor, a few critical. */
  severity: SeverityWeights;
  /** Probability that the location is a small Polygon (a flooded zone, a crowd area) rather than a Point. */
  areaChance: number;
  title: Templates;
  description: Templates;
}

/** How the generator makes incidents of one sector. */
export interface SectorPlan<S extends SectorId> {
  /** Relative frequency among sectors. */
  weight: number;
  categories: { readonly [C in CategoryIdOf<S>]: CategoryPlan };
}

/** The plan of every sector. */
export type IncidentPlans = { readonly [S in SectorId]: SectorPlan<S> };

/** Most incidents are minor; now and then one is severe or critical. */
const TYPICAL: SeverityWeights = [42, 33, 16, 7, 2];
const ROUTINE: SeverityWeights = [60, 30, 10, 0, 0];
const DANGEROUS: SeverityWeights = [10, 25, 35, 22, 8];
const GRAVE: SeverityWeights = [0, 0, 10, 50, 40];

/** Plans for every sector and category. */
export const INCIDENT_PLANS: IncidentPlans = {
  'public-security': {
    weight: 17,
    categories: {
      disturbance: {
        weight: 30,
        where: [
          ['district', 3],
          ['crowd', 1],
        ],
        severity: [40, 35, 18, 6, 1],
        areaChance: 0,
        title: {
          en: ['Public disturbance {at}', 'Fight between groups of youths {at}'],
          ar: ['إخلال بالأمن العام {at}', 'مشاجرة جماعية بين شبان {at}'],
        },
        description: {
          en: [
            'Residents report a loud altercation involving about {people, plural, one {# person} other {# people}}. Patrols requested to disperse the gathering.',
            'A quarrel has drawn a crowd of onlookers; no weapons seen so far.',
          ],
          ar: [
            'أفاد سكان بمشادة صاخبة يشارك فيها {people, plural, one {شخص واحد} two {شخصين} few {# أشخاص} many {# شخصاً} other {# شخص}}، وطُلبت دوريات لتفريق التجمع.',
            'مشاجرة جذبت تجمعاً من المارة، ولم تُشاهد أسلحة حتى الآن.',
          ],
        },
      },
      assault: {
        weight: 25,
        where: [['district', 1]],
        severity: [25, 35, 25, 12, 3],
        areaChance: 0,
        title: {
          en: ['Assault reported {at}', 'Person injured in an assault {at}'],
          ar: ['بلاغ اعتداء {at}', 'إصابة شخص إثر اعتداء {at}'],
        },
        description: {
          en: [
            'The caller reports a man assaulted outside a shop; the suspect left on foot. Ambulance requested.',
            'The victim has minor injuries and is waiting at the scene; the suspect is known to the victim.',
          ],
          ar: [
            'أفاد المبلّغ بتعرّض رجل لاعتداء أمام أحد المحلات وفرار المشتبه به سيراً على الأقدام، وطُلب الإسعاف.',
            'المجني عليه مصاب بإصابات طفيفة وينتظر في الموقع، والمشتبه به معروف لديه.',
          ],
        },
      },
      'missing-person': {
        weight: 15,
        where: [
          ['district', 3],
          ['crowd', 1],
          ['desert', 1],
        ],
        severity: [10, 30, 35, 20, 5],
        areaChance: 0,
        title: {
          en: ['Missing child reported {at}', 'Elderly man missing {at}'],
          ar: ['بلاغ عن طفل مفقود {at}', 'فقدان رجل مسن {at}'],
        },
        description: {
          en: [
            'The family reports the child was last seen {minutes, plural, one {# minute} other {# minutes}} ago near the main entrance.',
            'A man with memory problems left home this morning and has not returned; the family has shared a photo.',
          ],
          ar: [
            'أفادت الأسرة بأن الطفل شوهد آخر مرة {minutes, plural, one {قبل دقيقة واحدة} two {قبل دقيقتين} few {قبل # دقائق} many {قبل # دقيقة} other {قبل # دقيقة}} قرب المدخل الرئيسي.',
            'رجل يعاني من مشكلات في الذاكرة خرج من منزله صباحاً ولم يعد، وقدّمت الأسرة صورته.',
          ],
        },
      },
      'suspicious-object': {
        weight: 10,
        where: [
          ['crowd', 2],
          ['vip', 1],
          ['district', 1],
        ],
        severity: [10, 25, 35, 22, 8],
        areaChance: 0,
        title: {
          en: ['Suspicious bag left {at}', 'Unattended vehicle reported {at}'],
          ar: ['حقيبة مشبوهة متروكة {at}', 'بلاغ عن مركبة متروكة مشبوهة {at}'],
        },
        description: {
          en: [
            'Security staff have cordoned off the area and are keeping people back; explosives team requested.',
            'The object has been unattended for over {minutes, plural, one {# minute} other {# minutes}}; the area is being cleared as a precaution.',
          ],
          ar: [
            'طوّق رجال الأمن المنطقة وأبعدوا المارة، وطُلب فريق المتفجرات.',
            'الجسم متروك منذ أكثر من {minutes, plural, one {دقيقة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}، ويجري إخلاء المنطقة احترازياً.',
          ],
        },
      },
      'crowd-control': {
        weight: 20,
        where: [['crowd', 1]],
        severity: [30, 40, 20, 8, 2],
        areaChance: 0.6,
        title: {
          en: ['Crowd control {at}', 'Large gathering expected {at}'],
          ar: ['تنظيم حشود {at}', 'تجمع كبير متوقع {at}'],
        },
        description: {
          en: [
            'About {crowd} people are expected; units needed to manage entrances and traffic around the site.',
            'Celebrations are drawing crowds; traffic is heavy and pedestrian flow needs managing.',
          ],
          ar: [
            'يُتوقع حضور نحو {crowd} شخص، والمطلوب وحدات لتنظيم المداخل والحركة المرورية حول الموقع.',
            'احتفالات تجذب الحشود مع ازدحام مروري شديد، ويلزم تنظيم حركة المشاة.',
          ],
        },
      },
    },
  },
  traffic: {
    weight: 24,
    categories: {
      collision: {
        weight: 45,
        where: [['road', 1]],
        severity: TYPICAL,
        areaChance: 0,
        title: {
          en: ['Collision {at}', 'Multi-vehicle collision {at}'],
          ar: ['حادث مروري {at}', 'حادث تصادم متعدد المركبات {at}'],
        },
        description: {
          en: [
            '{n, plural, one {One vehicle} other {# vehicles}} involved and one lane blocked. Ambulance and tow truck requested.',
            'Two cars collided; minor injuries reported and traffic is backing up.',
          ],
          ar: [
            'تصادم {n, plural, one {مركبة واحدة} two {مركبتين} few {# مركبات} many {# مركبة} other {# مركبة}} وإغلاق حارة واحدة، وطُلب الإسعاف وونش السحب.',
            'تصادم سيارتين مع إصابات طفيفة وازدحام مروري متزايد.',
          ],
        },
      },
      'road-blocked': {
        weight: 15,
        where: [['road', 1]],
        severity: [45, 35, 15, 5, 0],
        areaChance: 0,
        title: {
          en: ['Road blocked {at}', 'Lanes closed {at}'],
          ar: ['طريق مغلق {at}', 'إغلاق حارات {at}'],
        },
        description: {
          en: [
            'A broken-down lorry is blocking two lanes; a diversion is in place.',
            'Debris on the carriageway after a load fell from a truck.',
          ],
          ar: ['شاحنة متعطلة تغلق حارتين، وتم تحويل السير.', 'مخلفات على الطريق إثر سقوط حمولة من شاحنة.'],
        },
      },
      'flooded-road': {
        weight: 10,
        where: [['road', 1]],
        severity: [20, 40, 25, 12, 3],
        areaChance: 0.25,
        title: {
          en: ['Flooded road {at}', 'Underpass flooded {at}'],
          ar: ['طريق مغمور بالمياه {at}', 'نفق مغمور بالمياه {at}'],
        },
        description: {
          en: [
            'Water about {depth} cm deep; several vehicles stalled and the road is closed.',
            'Drains are overwhelmed after heavy rain; traffic diverted.',
          ],
          ar: [
            'منسوب المياه نحو {depth} سم وتعطلت عدة مركبات وأُغلق الطريق.',
            'تصريف الأمطار لا يستوعب الكميات بعد هطول غزير، وتم تحويل السير.',
          ],
        },
      },
      'signal-failure': {
        weight: 15,
        where: [['district', 1]],
        severity: ROUTINE,
        areaChance: 0,
        title: {
          en: ['Traffic signal failure {at}', 'Signals out at a junction {at}'],
          ar: ['عطل إشارة مرورية {at}', 'توقف الإشارات الضوئية عند تقاطع {at}'],
        },
        description: {
          en: [
            'Signals dark at a busy junction; a patrol is directing traffic until maintenance arrives.',
            'Signals stuck on red in all directions; queues building.',
          ],
          ar: [
            'الإشارات متوقفة عند تقاطع مزدحم، ودورية تنظم السير حتى وصول الصيانة.',
            'الإشارات عالقة على اللون الأحمر في كل الاتجاهات مع تزايد الطوابير.',
          ],
        },
      },
      'stranded-vehicle': {
        weight: 15,
        where: [
          ['road', 2],
          ['desert', 1],
        ],
        severity: ROUTINE,
        areaChance: 0,
        title: {
          en: ['Stranded vehicle {at}', 'Vehicle broken down {at}'],
          ar: ['مركبة عالقة {at}', 'مركبة متعطلة {at}'],
        },
        description: {
          en: [
            'The driver reports a breakdown; a family with children is on board.',
            'Vehicle stuck; the occupants are safe and waiting for assistance.',
          ],
          ar: [
            'أفاد السائق بتعطل مركبته وبرفقته عائلة وأطفال.',
            'مركبة عالقة والركاب بخير بانتظار المساعدة.',
          ],
        },
      },
    },
  },
  residency: {
    weight: 6,
    categories: {
      'residency-violation': {
        weight: 50,
        where: [['district', 1]],
        severity: ROUTINE,
        areaChance: 0,
        title: {
          en: ['Residency violators reported {at}', 'Inspection campaign {at}'],
          ar: ['بلاغ عن مخالفين لقانون الإقامة {at}', 'حملة تفتيش {at}'],
        },
        description: {
          en: [
            'Tip-off about {n, plural, one {# worker} other {# workers}} with expired residency living in a shared flat.',
            'Joint inspection of labour housing; about {people, plural, one {# person} other {# people}} to be checked.',
          ],
          ar: [
            'بلاغ عن {n, plural, one {عامل واحد} two {عاملَين} few {# عمال} many {# عاملاً} other {# عامل}} انتهت إقاماتهم يقيمون في شقة مشتركة.',
            'تفتيش مشترك لسكن العمال، ويجري التحقق من نحو {people, plural, one {شخص واحد} two {شخصين} few {# أشخاص} many {# شخصاً} other {# شخص}}.',
          ],
        },
      },
      'absconding-worker': {
        weight: 35,
        where: [['district', 1]],
        severity: [70, 25, 5, 0, 0],
        areaChance: 0,
        title: {
          en: ['Absconding worker report {at}', 'Sponsor reports absent domestic worker {at}'],
          ar: ['بلاغ تغيب عامل {at}', 'كفيل يبلّغ عن تغيب عاملة منزلية {at}'],
        },
        description: {
          en: [
            'The sponsor reports the worker left {n, plural, one {# day} other {# days}} ago and has not returned.',
            'The employer asks for the absence to be recorded; the worker holds the passport.',
          ],
          ar: [
            'أفاد الكفيل بأن العامل غادر منذ {n, plural, one {يوم واحد} two {يومين} few {# أيام} many {# يوماً} other {# يوم}} ولم يعد.',
            'صاحب العمل يطلب تسجيل التغيب، وجواز السفر بحوزة العامل.',
          ],
        },
      },
      'document-fraud': {
        weight: 15,
        where: [['district', 1]],
        severity: [30, 40, 25, 5, 0],
        areaChance: 0,
        title: {
          en: ['Forged documents seized {at}', 'Suspected document fraud {at}'],
          ar: ['ضبط مستندات مزورة {at}', 'اشتباه في تزوير مستندات {at}'],
        },
        description: {
          en: [
            'An office is suspected of issuing fake work permits; {n, plural, one {# file} other {# files}} seized.',
            'A civil ID card presented at a bank appears to have been altered.',
          ],
          ar: [
            'مكتب يشتبه بإصداره أذونات عمل مزورة، وتم ضبط {n, plural, one {ملف واحد} two {ملفين} few {# ملفات} many {# ملفاً} other {# ملف}}.',
            'بطاقة مدنية مقدمة في أحد البنوك يبدو أنها معدّلة.',
          ],
        },
      },
    },
  },
  'border-coast-guard': {
    weight: 5,
    categories: {
      'border-infiltration': {
        weight: 25,
        where: [['border', 1]],
        severity: [15, 30, 35, 15, 5],
        areaChance: 0,
        title: {
          en: ['Border infiltration attempt {at}', 'Movement detected {at}'],
          ar: ['محاولة تسلل حدودي {at}', 'رصد تحركات {at}'],
        },
        description: {
          en: [
            'The thermal camera shows {n, plural, one {# person} other {# people}} approaching the fence; a patrol is on its way.',
            'Sensors triggered along the border strip; a drone is checking the area.',
          ],
          ar: [
            'أظهرت الكاميرا الحرارية {n, plural, one {شخصاً واحداً يقترب} two {شخصين يقتربان} few {# أشخاص يقتربون} many {# شخصاً يقتربون} other {# شخص يقتربون}} من السياج، ودورية في الطريق.',
            'انطلاق إنذار الحساسات على الشريط الحدودي، وطائرة مسيّرة تتحقق من المنطقة.',
          ],
        },
      },
      smuggling: {
        weight: 35,
        where: [
          ['border', 2],
          ['port', 1],
          ['sea', 1],
        ],
        severity: [20, 35, 30, 12, 3],
        areaChance: 0,
        title: {
          en: ['Smuggling attempt {at}', 'Contraband seized {at}'],
          ar: ['محاولة تهريب {at}', 'ضبط مواد مهربة {at}'],
        },
        description: {
          en: [
            'Suspects stopped with undeclared goods; {n, plural, one {# carton} other {# cartons}} of cigarettes and a quantity of pills seized.',
            'Tip-off about a planned handover of contraband; units are watching the area.',
          ],
          ar: [
            'إيقاف مشتبه بهم بحوزتهم بضائع غير مصرّح بها وضبط {n, plural, one {كرتون سجائر واحد} two {كرتونَي سجائر} few {# كراتين سجائر} many {# كرتوناً من السجائر} other {# كرتون سجائر}} وكمية من الحبوب.',
            'بلاغ عن عملية تسليم مواد مهربة، والوحدات تراقب المنطقة.',
          ],
        },
      },
      'vessel-distress': {
        weight: 25,
        where: [['sea', 1]],
        severity: [10, 25, 35, 22, 8],
        areaChance: 0,
        title: {
          en: ['Vessel in distress {at}', 'Boat taking on water {at}'],
          ar: ['سفينة في خطر {at}', 'قارب تتسرب إليه المياه {at}'],
        },
        description: {
          en: [
            'A fishing boat with {n, plural, one {# crew member} other {# crew}} reports engine failure and rising water.',
            'A pleasure boat is adrift in rough sea; a coast guard boat is on its way.',
          ],
          ar: [
            'قارب صيد على متنه {n, plural, one {بحّار واحد} two {بحّاران} few {# بحارة} many {# بحّاراً} other {# بحّار}} يبلغ عن عطل في المحرك وتسرب المياه.',
            'قارب نزهة جانح وسط أمواج عالية، وزورق خفر السواحل في الطريق.',
          ],
        },
      },
      'maritime-intrusion': {
        weight: 15,
        where: [['sea', 1]],
        severity: [10, 30, 35, 18, 7],
        areaChance: 0,
        title: {
          en: ['Unidentified vessel {at}', 'Maritime intrusion {at}'],
          ar: ['سفينة مجهولة الهوية {at}', 'اختراق بحري {at}'],
        },
        description: {
          en: [
            'Radar shows a fast boat without AIS heading into territorial waters.',
            'A vessel ignored radio calls and entered a restricted area.',
          ],
          ar: [
            'أظهر الرادار زورقاً سريعاً دون نظام تعريف آلي يتجه نحو المياه الإقليمية.',
            'سفينة تجاهلت النداءات اللاسلكية ودخلت منطقة محظورة.',
          ],
        },
      },
    },
  },
  'criminal-security': {
    weight: 14,
    categories: {
      theft: {
        weight: 40,
        where: [
          ['district', 3],
          ['crowd', 1],
        ],
        severity: [50, 35, 13, 2, 0],
        areaChance: 0,
        title: {
          en: ['Theft reported {at}', 'Vehicle stolen {at}'],
          ar: ['بلاغ سرقة {at}', 'سرقة مركبة {at}'],
        },
        description: {
          en: [
            'The owner reports a phone and wallet taken from a parked car.',
            'A car left running outside a shop was driven off; its plate has been circulated to patrols.',
          ],
          ar: [
            'أفاد المالك بسرقة هاتف ومحفظة من سيارة متوقفة.',
            'سيارة تُركت تعمل أمام محل وتمت سرقتها، وعُمّمت لوحتها على الدوريات.',
          ],
        },
      },
      burglary: {
        weight: 25,
        where: [['district', 1]],
        severity: [35, 40, 20, 5, 0],
        areaChance: 0,
        title: {
          en: ['Burglary {at}', 'House broken into {at}'],
          ar: ['سطو {at}', 'سطو على منزل {at}'],
        },
        description: {
          en: [
            'Residents returned from travel to find the door forced and jewellery missing.',
            'A shop was broken into overnight and the till emptied.',
          ],
          ar: [
            'عاد السكان من السفر ليجدوا الباب مكسوراً والمجوهرات مفقودة.',
            'سطو على محل خلال الليل وسرقة محتويات الخزينة.',
          ],
        },
      },
      drugs: {
        weight: 20,
        where: [
          ['district', 3],
          ['desert', 1],
        ],
        severity: [30, 40, 22, 7, 1],
        areaChance: 0,
        title: {
          en: ['Narcotics seizure {at}', 'Suspected drug dealing {at}'],
          ar: ['ضبط مواد مخدرة {at}', 'اشتباه في ترويج مخدرات {at}'],
        },
        description: {
          en: [
            'A patrol stopped a vehicle and found a quantity of narcotic pills.',
            'Tip-off about dealing from a rented flat; surveillance under way.',
          ],
          ar: [
            'أوقفت دورية مركبة وعثرت على كمية من الحبوب المخدرة.',
            'بلاغ عن ترويج من شقة مستأجرة، والمراقبة جارية.',
          ],
        },
      },
      'armed-robbery': {
        weight: 10,
        where: [['district', 1]],
        severity: [0, 5, 40, 40, 15],
        areaChance: 0,
        title: {
          en: ['Armed robbery {at}', 'Robbery at knifepoint {at}'],
          ar: ['سطو مسلح {at}', 'سرقة بالإكراه تحت تهديد السكين {at}'],
        },
        description: {
          en: [
            'Two masked men robbed an exchange shop and fled in a dark SUV.',
            'A delivery driver was robbed at knifepoint; the suspect fled on foot.',
          ],
          ar: [
            'ملثمان سطوا على محل صرافة وفرّا بمركبة رباعية الدفع داكنة.',
            'سرقة سائق توصيل تحت تهديد السكين وفرار المشتبه به سيراً على الأقدام.',
          ],
        },
      },
      homicide: {
        weight: 5,
        where: [['district', 1]],
        severity: GRAVE,
        areaChance: 0,
        title: {
          en: ['Homicide {at}', 'Body found {at}'],
          ar: ['جريمة قتل {at}', 'العثور على جثة {at}'],
        },
        description: {
          en: [
            'The caller reports a man found with stab wounds; the scene is secured and detectives called.',
            'A body was discovered in a flat; forensic team requested.',
          ],
          ar: [
            'أفاد المبلّغ بالعثور على رجل مصاب بطعنات، وتم تأمين الموقع واستدعاء المباحث.',
            'العثور على جثة داخل شقة، وطُلب فريق الأدلة الجنائية.',
          ],
        },
      },
    },
  },
  operations: {
    weight: 10,
    categories: {
      'emergency-call': {
        weight: 70,
        where: [
          ['district', 4],
          ['road', 1],
        ],
        severity: TYPICAL,
        areaChance: 0,
        title: {
          en: ['Emergency call {at}', '112 call asking for urgent help {at}'],
          ar: ['بلاغ طوارئ {at}', 'بلاغ 112 بطلب مساعدة عاجلة {at}'],
        },
        description: {
          en: [
            'The caller asked for urgent help and the line dropped; location from the network.',
            'The caller reports a medical emergency; an ambulance has been dispatched.',
          ],
          ar: [
            'المتصل طلب مساعدة عاجلة وانقطع الاتصال، والموقع من شبكة الاتصالات.',
            'المتصل يبلغ عن حالة طبية طارئة، وتم إرسال الإسعاف.',
          ],
        },
      },
      'major-incident': {
        weight: 15,
        where: [
          ['district', 1],
          ['industrial', 1],
          ['road', 1],
        ],
        severity: [0, 0, 30, 45, 25],
        areaChance: 0,
        title: {
          en: ['Major incident coordination {at}', 'Multi-agency response {at}'],
          ar: ['تنسيق حادث كبير {at}', 'استجابة مشتركة بين الجهات {at}'],
        },
        description: {
          en: [
            'Police, fire and ambulance units are on scene; a joint command post is being set up.',
            'Several sectors are involved; the operations room is coordinating resources and media.',
          ],
          ar: [
            'وحدات الشرطة والإطفاء والإسعاف في الموقع، ويجري إنشاء مركز قيادة مشترك.',
            'عدة قطاعات مشاركة، وغرفة العمليات تنسق الموارد والإعلام.',
          ],
        },
      },
      'vip-escort': {
        weight: 15,
        where: [['vip', 1]],
        severity: [50, 35, 15, 0, 0],
        areaChance: 0,
        title: {
          en: ['Official movement {at}', 'Official convoy {at}'],
          ar: ['مرافقة رسمية {at}', 'موكب رسمي {at}'],
        },
        description: {
          en: [
            'An official delegation is arriving; the route is to be cleared for about {minutes, plural, one {# minute} other {# minutes}}.',
            'Escort and traffic control needed along the route.',
          ],
          ar: [
            'وصول وفد رسمي، ويلزم إخلاء المسار لنحو {minutes, plural, one {دقيقة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}.',
            'مطلوب مرافقة وتنظيم للسير على طول المسار.',
          ],
        },
      },
    },
  },
  'civil-defence': {
    weight: 7,
    categories: {
      flooding: {
        weight: 30,
        where: [['district', 1]],
        severity: [15, 30, 30, 18, 7],
        areaChance: 0.7,
        title: {
          en: ['Flooding {at}', 'Streets flooded after heavy rain {at}'],
          ar: ['سيول وفيضانات {at}', 'غرق شوارع بعد أمطار غزيرة {at}'],
        },
        description: {
          en: [
            'Water has entered ground-floor homes; residents are asking for pumps.',
            'Several streets are under water and {n, plural, one {# vehicle is} other {# vehicles are}} stranded.',
          ],
          ar: [
            'تسربت المياه إلى منازل الدور الأرضي، والسكان يطلبون مضخات.',
            'عدة شوارع غارقة بالمياه {n, plural, one {ومركبة واحدة عالقة} two {ومركبتان عالقتان} few {و# مركبات عالقة} many {و# مركبة عالقة} other {و# مركبة عالقة}}.',
          ],
        },
      },
      evacuation: {
        weight: 25,
        where: [
          ['district', 2],
          ['industrial', 1],
        ],
        severity: [10, 30, 35, 18, 7],
        areaChance: 0.35,
        title: {
          en: ['Evacuation {at}', 'Building evacuated {at}'],
          ar: ['إخلاء {at}', 'إخلاء مبنى {at}'],
        },
        description: {
          en: [
            'About {people, plural, one {# resident} other {# residents}} moved out as a precaution; headcount in progress.',
            'Smell of gas in a building; occupants evacuated to the street.',
          ],
          ar: [
            'إخلاء نحو {people, plural, one {ساكن واحد} two {ساكنَين} few {# سكان} many {# ساكناً} other {# ساكن}} احترازياً، وجارٍ حصر الأعداد.',
            'رائحة غاز في أحد المباني وإخلاء شاغليه إلى الشارع.',
          ],
        },
      },
      shelter: {
        weight: 15,
        where: [['shelter', 1]],
        severity: [30, 40, 20, 8, 2],
        areaChance: 0,
        title: {
          en: ['Shelter opened {at}', 'Shelter operations {at}'],
          ar: ['فتح مركز إيواء {at}', 'عمليات إيواء {at}'],
        },
        description: {
          en: [
            'Receiving {people, plural, one {# evacuated resident} other {# evacuated residents}}; bedding and meals requested.',
            'Families are arriving from flooded streets; a registration desk has been set up.',
          ],
          ar: [
            'استقبال {people, plural, one {شخص واحد} two {شخصين} few {# أشخاص} many {# شخصاً} other {# شخص}} من السكان الذين تم إخلاؤهم، وطُلبت الأسرّة والوجبات.',
            'وصول عائلات من الشوارع الغارقة، وتم تجهيز مكتب للتسجيل.',
          ],
        },
      },
      hazmat: {
        weight: 15,
        where: [
          ['industrial', 3],
          ['road', 1],
        ],
        severity: DANGEROUS,
        areaChance: 0.25,
        title: {
          en: ['Hazardous materials leak {at}', 'Chemical spill {at}'],
          ar: ['تسرب مواد خطرة {at}', 'انسكاب مواد كيميائية {at}'],
        },
        description: {
          en: [
            'A tanker is leaking an unknown liquid; the area is cordoned off and the wind direction being checked.',
            'Workers report a chemical smell from a warehouse; hazmat team requested.',
          ],
          ar: [
            'صهريج يسرّب سائلاً غير معروف، وتم تطويق المنطقة ورصد اتجاه الرياح.',
            'عمال يبلّغون عن رائحة مواد كيميائية من مخزن، وطُلب فريق المواد الخطرة.',
          ],
        },
      },
      'structural-collapse': {
        weight: 15,
        where: [['district', 1]],
        severity: [0, 10, 35, 35, 20],
        areaChance: 0,
        title: {
          en: ['Structural collapse {at}', 'Building partly collapsed {at}'],
          ar: ['انهيار مبنى {at}', 'انهيار جزئي لمبنى {at}'],
        },
        description: {
          en: [
            'Part of an old building collapsed; people may be trapped.',
            'A balcony fell onto the street; {n, plural, one {# person} other {# people}} injured.',
          ],
          ar: [
            'انهار جزء من مبنى قديم، ويُحتمل وجود محتجزين.',
            'سقوط شرفة على الشارع وإصابة {n, plural, one {شخص واحد} two {شخصين} few {# أشخاص} many {# شخصاً} other {# شخص}}.',
          ],
        },
      },
    },
  },
  'fire-marine-rescue': {
    weight: 10,
    categories: {
      'building-fire': {
        weight: 35,
        where: [['district', 1]],
        severity: [15, 30, 30, 18, 7],
        areaChance: 0,
        title: {
          en: ['Building fire {at}', 'Fire in a residential flat {at}'],
          ar: ['حريق مبنى {at}', 'حريق في شقة سكنية {at}'],
        },
        description: {
          en: [
            'Smoke coming from the upper floors; residents are leaving by the stairs.',
            'A kitchen fire spread through the flat; {n, plural, one {# person} other {# people}} treated for smoke inhalation.',
          ],
          ar: [
            'دخان يتصاعد من الطوابق العليا، والسكان يخلون المبنى عبر السلالم.',
            'حريق مطبخ امتد إلى الشقة، وإسعاف {n, plural, one {شخص واحد} two {شخصين} few {# أشخاص} many {# شخصاً} other {# شخص}} من الاختناق.',
          ],
        },
      },
      'industrial-fire': {
        weight: 15,
        where: [['industrial', 1]],
        severity: DANGEROUS,
        areaChance: 0,
        title: {
          en: ['Industrial fire {at}', 'Warehouse fire {at}'],
          ar: ['حريق صناعي {at}', 'حريق في مخزن {at}'],
        },
        description: {
          en: [
            'Fire in a storage yard; thick black smoke visible from a distance.',
            'A workshop fire is spreading to neighbouring units; {n, plural, one {# fire engine} other {# fire engines}} on scene.',
          ],
          ar: [
            'حريق في ساحة تخزين ودخان أسود كثيف يُرى من بعيد.',
            'حريق في ورشة يمتد إلى الوحدات المجاورة، {n, plural, one {وسيارة إطفاء واحدة} two {وسيارتا إطفاء} few {و# سيارات إطفاء} many {و# سيارة إطفاء} other {و# سيارة إطفاء}} في الموقع.',
          ],
        },
      },
      'vehicle-fire': {
        weight: 25,
        where: [
          ['road', 2],
          ['district', 1],
        ],
        severity: [40, 35, 18, 6, 1],
        areaChance: 0,
        title: {
          en: ['Vehicle fire {at}', 'Car on fire {at}'],
          ar: ['حريق مركبة {at}', 'احتراق سيارة {at}'],
        },
        description: {
          en: [
            'A car caught fire; the driver got out unharmed.',
            'Engine fire on a bus; passengers evacuated.',
          ],
          ar: ['اشتعلت النيران في سيارة وخرج السائق سالماً.', 'حريق في محرك حافلة وإخلاء الركاب.'],
        },
      },
      'marine-rescue': {
        weight: 10,
        where: [['sea', 1]],
        severity: [10, 25, 35, 22, 8],
        areaChance: 0,
        title: {
          en: ['Marine rescue {at}', 'Person overboard {at}'],
          ar: ['إنقاذ بحري {at}', 'سقوط شخص من قارب {at}'],
        },
        description: {
          en: [
            'A jet-ski rider has been missing for {minutes, plural, one {# minute} other {# minutes}}; rescue boat and drone dispatched.',
            'A diver did not resurface; the marine rescue team is on its way.',
          ],
          ar: [
            'راكب دراجة مائية مفقود منذ {minutes, plural, one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}، وأُرسل قارب إنقاذ وطائرة مسيّرة.',
            'غواص لم يطفُ على السطح، وفريق الإنقاذ البحري في الطريق.',
          ],
        },
      },
      rescue: {
        weight: 15,
        where: [
          ['district', 2],
          ['desert', 1],
        ],
        severity: [20, 35, 30, 12, 3],
        areaChance: 0,
        title: {
          en: ['Rescue {at}', 'People trapped {at}'],
          ar: ['إنقاذ {at}', 'محتجزون بحاجة إلى إنقاذ {at}'],
        },
        description: {
          en: [
            'The caller reports people trapped and unable to get out; a rescue team has been dispatched.',
            '{n, plural, one {# person needs} other {# people need}} help to be brought out safely.',
          ],
          ar: [
            'يفيد المتصل بوجود أشخاص محتجزين لا يستطيعون الخروج، وأُرسل فريق إنقاذ.',
            '{n, plural, one {شخص واحد} two {شخصان} few {# أشخاص} many {# شخصاً} other {# شخص}} بحاجة إلى المساعدة لإخراجهم بأمان.',
          ],
        },
      },
    },
  },
  'systems-information': {
    weight: 2,
    categories: {
      'system-outage': {
        weight: 40,
        where: [['station', 1]],
        severity: [30, 40, 22, 7, 1],
        areaChance: 0,
        title: {
          en: ['System outage {at}', 'Records system down {at}'],
          ar: ['انقطاع نظام {at}', 'توقف نظام السجلات {at}'],
        },
        description: {
          en: [
            'Officers cannot reach the incident records system and are working on paper.',
            'Terminals lost their connection {minutes, plural, one {# minute} other {# minutes}} ago; IT support requested.',
          ],
          ar: [
            'تعذّر على الضباط الوصول إلى نظام السجلات، ويجري العمل ورقياً.',
            'انقطع اتصال الأجهزة منذ {minutes, plural, one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}، وطُلب الدعم الفني.',
          ],
        },
      },
      'cyber-incident': {
        weight: 25,
        where: [['station', 1]],
        severity: [20, 35, 30, 12, 3],
        areaChance: 0,
        title: {
          en: ['Cyber incident {at}', 'Phishing e-mails received {at}'],
          ar: ['حادث سيبراني {at}', 'رسائل تصيّد إلكتروني {at}'],
        },
        description: {
          en: [
            'Staff received e-mails impersonating the ministry; {n, plural, one {# account} other {# accounts}} may be affected.',
            'Unusual traffic from a workstation; the machine has been isolated.',
          ],
          ar: [
            'تلقى الموظفون رسائل تنتحل صفة الوزارة، وقد {n, plural, one {يتأثر حساب واحد} two {يتأثر حسابان} few {تتأثر # حسابات} many {يتأثر # حساباً} other {يتأثر # حساب}}.',
            'حركة بيانات غير معتادة من أحد الأجهزة، وتم عزله.',
          ],
        },
      },
      'comms-failure': {
        weight: 35,
        where: [
          ['station', 2],
          ['border', 1],
        ],
        severity: [30, 40, 22, 7, 1],
        areaChance: 0,
        title: {
          en: ['Communications failure {at}', 'Radio coverage lost {at}'],
          ar: ['عطل اتصالات {at}', 'انقطاع التغطية اللاسلكية {at}'],
        },
        description: {
          en: [
            'A radio relay is not responding; units are switching to mobile phones.',
            'Telephone lines are down; calls are being routed through the operations room.',
          ],
          ar: [
            'محطة التقوية اللاسلكية لا تستجيب، والوحدات تتحول إلى الهواتف النقالة.',
            'الخطوط الهاتفية معطلة، وتُحوّل المكالمات عبر غرفة العمليات.',
          ],
        },
      },
    },
  },
  'security-media': {
    weight: 3.5,
    categories: {
      'public-alert': {
        weight: 40,
        where: [
          ['district', 2],
          ['road', 1],
        ],
        severity: [30, 40, 20, 8, 2],
        areaChance: 0,
        title: {
          en: ['Public alert {at}', 'Public advised to avoid the area {at}'],
          ar: ['تنبيه للجمهور {at}', 'دعوة الجمهور لتجنب المنطقة {at}'],
        },
        description: {
          en: [
            'Publish an advisory on official channels and suggest alternative routes.',
            'Weather warning: dust and poor visibility expected; drivers urged to take care.',
          ],
          ar: [
            'نشر تنبيه عبر القنوات الرسمية واقتراح طرق بديلة.',
            'تحذير جوي: غبار وانعدام في الرؤية متوقع، ودعوة السائقين إلى الحذر.',
          ],
        },
      },
      rumour: {
        weight: 30,
        where: [['district', 1]],
        severity: [40, 35, 20, 5, 0],
        areaChance: 0,
        title: {
          en: ['Rumour to counter about an incident {at}', 'False report circulating about an incident {at}'],
          ar: ['شائعة يلزم الرد عليها بشأن حادث {at}', 'أخبار غير صحيحة متداولة عن حادث {at}'],
        },
        description: {
          en: [
            'A video on social media falsely claims a shooting; prepare a clarification.',
            'Messages claim a road is closed; verify with the traffic sector and reply.',
          ],
          ar: [
            'مقطع على وسائل التواصل يدّعي زوراً وقوع إطلاق نار، ويلزم إعداد توضيح.',
            'رسائل تزعم إغلاق طريق، ويجري التحقق مع قطاع المرور والرد.',
          ],
        },
      },
      'media-inquiry': {
        weight: 30,
        where: [
          ['district', 1],
          ['crowd', 1],
        ],
        severity: [70, 25, 5, 0, 0],
        areaChance: 0,
        title: {
          en: ['Media inquiry about an incident {at}', 'Press asking for a statement on an incident {at}'],
          ar: ['استفسار إعلامي عن حادث {at}', 'الصحافة تطلب تصريحاً عن حادث {at}'],
        },
        description: {
          en: [
            'A newspaper asks for casualty figures; prepare a statement.',
            'A TV crew on site is asking to interview the officer in charge.',
          ],
          ar: [
            'صحيفة تطلب أعداد المصابين، ويلزم إعداد بيان.',
            'طاقم تلفزيوني في الموقع يطلب مقابلة مع الضابط المسؤول.',
          ],
        },
      },
    },
  },
  correctional: {
    weight: 1.5,
    categories: {
      'inmate-disturbance': {
        weight: 50,
        where: [['prison', 1]],
        severity: [10, 30, 35, 20, 5],
        areaChance: 0,
        title: {
          en: ['Inmate disturbance {at}', 'Riot in a ward {at}'],
          ar: ['شغب نزلاء {at}', 'أعمال شغب في أحد العنابر {at}'],
        },
        description: {
          en: [
            '{n, plural, one {# inmate is} other {# inmates are}} refusing to return to their cells; guards are reinforcing the ward.',
            'Fight between inmates in the yard; the ward is locked down.',
          ],
          ar: [
            '{n, plural, one {نزيل واحد يرفض} two {نزيلان يرفضان} few {# نزلاء يرفضون} many {# نزيلاً يرفضون} other {# نزيل يرفضون}} العودة إلى الزنازين، وتعزيز الحراسة في العنبر.',
            'مشاجرة بين النزلاء في الساحة وإغلاق العنبر.',
          ],
        },
      },
      escape: {
        weight: 15,
        where: [['prison', 1]],
        severity: [0, 0, 30, 50, 20],
        areaChance: 0,
        title: {
          en: ['Escape {at}', 'Inmate missing at the count {at}'],
          ar: ['هروب {at}', 'فقدان نزيل أثناء العدّ {at}'],
        },
        description: {
          en: [
            'One inmate is unaccounted for at the evening count; a perimeter search has started.',
            'An inmate escaped during a transfer; his description has been circulated to patrols.',
          ],
          ar: [
            'نزيل غير موجود أثناء عدّ المساء، وبدأ تفتيش المحيط.',
            'هروب نزيل أثناء النقل، وتعميم أوصافه على الدوريات.',
          ],
        },
      },
      'medical-emergency': {
        weight: 35,
        where: [['prison', 1]],
        severity: [15, 35, 30, 15, 5],
        areaChance: 0,
        title: {
          en: ['Medical emergency {at}', 'Inmate collapsed {at}'],
          ar: ['حالة طبية طارئة {at}', 'سقوط نزيل مغشياً عليه {at}'],
        },
        description: {
          en: [
            'An inmate has chest pain; transfer to hospital under escort requested.',
            'An inmate is unconscious in his cell; prison clinic staff are attending.',
          ],
          ar: [
            'نزيل يعاني من ألم في الصدر، وطُلب نقله إلى المستشفى بحراسة.',
            'نزيل فاقد للوعي في زنزانته، وطاقم عيادة السجن يتابع حالته.',
          ],
        },
      },
    },
  },
};
