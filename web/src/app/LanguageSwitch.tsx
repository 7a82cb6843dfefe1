import { useI18n } from '../i18n/useI18n.js';
import { setLocale } from '../i18n/locale.js';

/** Switches between Arabic and English; the button names the other language in that language. */
export function LanguageSwitch() {
  const { t, locale } = useI18n();
  const other = locale === 'ar' ? 'en' : 'ar';
  return (
    <button
      type="button"
      className="button lang-switch"
      data-testid="lang-switch"
      lang={other}
      aria-label={t('lang.switchLabel')}
      onClick={() => {
        setLocale(other);
      }}
    >
      {t('lang.switch')}
    </button>
  );
}
