import type { Locale } from '@mirsad/shared';

/**
 * The client's own strings. Domain names (sectors, categories, severities, statuses) are not
 * here: they come with shared's LocalizedText data, so server and client name them alike.
 * `{name}` marks a value filled in by `t`.
 */
const en = {
  'app.title': 'Mirsad — مرصاد',
  'app.demo': 'Demo data',

  'header.active': 'Active',
  'header.critical': 'Critical',

  'lang.switch': 'العربية',
  'lang.switchLabel': 'عرض الواجهة بالعربية (Show the interface in Arabic)',

  'connection.live': 'Live',
  'connection.catching-up': 'Catching up…',
  'connection.reconnecting': 'Reconnecting…',
  'connection.disconnected': 'Disconnected',
  'connection.dataAsOf': 'data as of {time}',
  'connection.problem.unreachable': 'Server unreachable',
  'connection.problem.protocol_mismatch': 'Server version differs: reload the page',
  'connection.problem.bad_handshake': 'Connection refused by the server',

  'list.title': 'Active incidents',
  'list.count': '{shown} of {total}',
  'list.loading': 'Loading incidents…',
  'list.empty': 'No active incidents',
  'list.emptyFiltered': 'No active incidents in the selected sectors',
  'list.error': 'Could not load incidents: {message}',
  'list.retry': 'Retry',

  'filter.title': 'Sectors',
  'filter.all': 'All',
  'filter.none': 'None',
  'filter.toggle': '{sector}: {count} active',

  'details.close': 'Close',
  'details.sector': 'Sector',
  'details.category': 'Category',
  'details.governorate': 'Governorate',
  'details.description': 'Description',
  'details.reportedAt': 'Reported',
  'details.updatedAt': 'Updated',
  'details.source': 'Source',
  'details.externalRef': 'Source reference',
  'details.none': '—',
  'details.noDescription': 'No description given',
  'details.exercise': 'Exercise: {id}',
  'details.loading': 'Loading incident…',
  'details.gone': 'This incident could not be loaded.',
  'details.inactive': 'No longer active',
  'details.flyTo': 'Show on map',

  'governorate.none': 'Outside the governorates',

  'map.label': 'Incident map',
  'map.zoomIn': 'Zoom in',
  'map.zoomOut': 'Zoom out',
  'map.fitKuwait': 'Show all of Kuwait',
  'map.attribution': 'Natural Earth; governorate boundaries approximate',
  'map.unavailable': 'The map cannot be drawn in this browser (WebGL is unavailable).',
  'map.country.iraq': 'Iraq',
  'map.country.saudi-arabia': 'Saudi Arabia',
  'map.country.iran': 'Iran',
  'map.sea.arabian-gulf': 'Arabian Gulf',

  'route.notFound': 'There is no page at this address.',
  'route.toRoom': 'Go to the operations room',
} as const satisfies Record<string, string>;

/** A key of the client's strings. */
export type MessageKey = keyof typeof en;

const ar: Record<MessageKey, string> = {
  'app.title': 'مرصاد — Mirsad',
  'app.demo': 'بيانات تجريبية',

  'header.active': 'نشطة',
  'header.critical': 'حرجة',

  'lang.switch': 'English',
  'lang.switchLabel': 'Show the interface in English (عرض الواجهة بالإنجليزية)',

  'connection.live': 'مباشر',
  'connection.catching-up': 'جارٍ التحديث…',
  'connection.reconnecting': 'جارٍ إعادة الاتصال…',
  'connection.disconnected': 'غير متصل',
  'connection.dataAsOf': 'البيانات حتى {time}',
  'connection.problem.unreachable': 'تعذر الوصول إلى الخادم',
  'connection.problem.protocol_mismatch': 'إصدار الخادم مختلف: أعد تحميل الصفحة',
  'connection.problem.bad_handshake': 'رفض الخادم الاتصال',

  'list.title': 'البلاغات النشطة',
  'list.count': '{shown} من {total}',
  'list.loading': 'جارٍ تحميل البلاغات…',
  'list.empty': 'لا توجد بلاغات نشطة',
  'list.emptyFiltered': 'لا توجد بلاغات نشطة في القطاعات المختارة',
  'list.error': 'تعذر تحميل البلاغات: {message}',
  'list.retry': 'إعادة المحاولة',

  'filter.title': 'القطاعات',
  'filter.all': 'الكل',
  'filter.none': 'لا شيء',
  'filter.toggle': '{sector}: {count} نشطة',

  'details.close': 'إغلاق',
  'details.sector': 'القطاع',
  'details.category': 'النوع',
  'details.governorate': 'المحافظة',
  'details.description': 'الوصف',
  'details.reportedAt': 'وقت البلاغ',
  'details.updatedAt': 'آخر تحديث',
  'details.source': 'المصدر',
  'details.externalRef': 'مرجع المصدر',
  'details.none': '—',
  'details.noDescription': 'لا يوجد وصف',
  'details.exercise': 'تمرين: {id}',
  'details.loading': 'جارٍ تحميل البلاغ…',
  'details.gone': 'تعذر تحميل هذا البلاغ.',
  'details.inactive': 'لم يعد نشطًا',
  'details.flyTo': 'عرض على الخريطة',

  'governorate.none': 'خارج المحافظات',

  'map.label': 'خريطة البلاغات',
  'map.zoomIn': 'تكبير',
  'map.zoomOut': 'تصغير',
  'map.fitKuwait': 'عرض الكويت كاملة',
  'map.attribution': 'Natural Earth؛ حدود المحافظات تقريبية',
  'map.unavailable': 'لا يمكن رسم الخريطة في هذا المتصفح (WebGL غير متاح).',
  'map.country.iraq': 'العراق',
  'map.country.saudi-arabia': 'السعودية',
  'map.country.iran': 'إيران',
  'map.sea.arabian-gulf': 'الخليج العربي',

  'route.notFound': 'لا توجد صفحة بهذا العنوان.',
  'route.toRoom': 'الانتقال إلى غرفة العمليات',
};

/** The client's strings in each language. */
export const MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, ar };

/** A message with its `{name}` placeholders filled in. */
export function formatMessage(
  locale: Locale,
  key: MessageKey,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined ? placeholder : String(value);
  });
}
