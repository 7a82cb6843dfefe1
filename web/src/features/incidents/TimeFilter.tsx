import './side-panels.css';
import { useI18n } from '../../i18n/useI18n.js';
import { setTimeWindow, useIncidentViewStore } from './store.js';
import { TIME_WINDOWS } from './timeWindow.js';

/** The quick time filters over the list and the map: last hour, 6 hours, 24 hours, or all. */
export function TimeFilter() {
  const { t } = useI18n();
  const timeWindow = useIncidentViewStore((state) => state.timeWindow);
  return (
    <div className="time-filter" role="group" aria-label={t('time.label')}>
      <span className="time-filter__label">{t('time.label')}</span>
      {TIME_WINDOWS.map((window) => (
        <button
          key={window}
          type="button"
          className="time-filter__button"
          data-testid={`time-filter-${window}`}
          aria-pressed={timeWindow === window}
          onClick={() => {
            setTimeWindow(window);
          }}
        >
          {t(`time.${window}`)}
        </button>
      ))}
    </div>
  );
}
