import { useNow } from '../../hooks/useNow.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useGovernorateNames } from '../geo/queries.js';
import { IncidentListItem } from './IncidentListItem.js';
import { overdueOf } from './overdue.js';
import { useResponseTargets } from './useOverdue.js';
import { useIncidentViewStore } from './store.js';
import { usePictureCounts, useVisibleIncidents } from './useVisibleIncidents.js';
import { errorText } from '../../i18n/errorText.js';

/** The live list of active incidents, newest first, under the sector filter. */
export function IncidentList() {
  const i18n = useI18n();
  const { t, number } = i18n;
  const { incidents, query } = useVisibleIncidents();
  const { active } = usePictureCounts();
  const selectedId = useIncidentViewStore((state) => state.selectedId);
  const governorateNames = useGovernorateNames();
  const nowMs = useNow();
  const targets = useResponseTargets();

  let body;
  if (query.isPending) {
    body = <p className="panel-note">{t('list.loading')}</p>;
  } else if (query.isError) {
    body = (
      <div className="panel-note panel-note--error" role="alert">
        <p>{t('list.error', { message: errorText(i18n, query.error) })}</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            void query.refetch();
          }}
        >
          {t('list.retry')}
        </button>
      </div>
    );
  } else if (incidents.length === 0) {
    body = <p className="panel-note">{active === 0 ? t('list.empty') : t('list.emptyFiltered')}</p>;
  } else {
    body = (
      <ol className="incident-list__rows">
        {incidents.map((incident) => (
          <IncidentListItem
            key={incident.id}
            incident={incident}
            isSelected={incident.id === selectedId}
            nowMs={nowMs}
            governorateNames={governorateNames}
            overdue={overdueOf(incident, targets, nowMs)}
          />
        ))}
      </ol>
    );
  }

  return (
    <section className="incident-list" data-testid="incident-list" aria-labelledby="incident-list-title">
      <div className="incident-list__head">
        <h2 id="incident-list-title" className="panel-title">
          {t('list.title')}
        </h2>
        {query.isSuccess && (
          <span className="incident-list__count">
            {t('list.count', { shown: number(incidents.length), total: number(active) })}
          </span>
        )}
      </div>
      <div className="incident-list__scroll" id="incident-list">
        {body}
      </div>
    </section>
  );
}
