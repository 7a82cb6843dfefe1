import './incidents.css';
import type { Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { incidentQueries } from './queries.js';
import { actorName, describeEvent } from './timeline.js';

/** The incident's history from the log, loaded when opened and kept live while open. */
export function IncidentTimeline({ incident }: { incident: Incident }) {
  const [isOpen, setOpen] = useState(false);
  const { t } = useI18n();
  return (
    <details
      className="panel-section timeline"
      onToggle={(event) => {
        setOpen(event.currentTarget.open);
      }}
    >
      <summary className="panel-section__title timeline__summary">{t('timeline.title')}</summary>
      {isOpen && <TimelineEvents incidentId={incident.id} />}
    </details>
  );
}

function TimelineEvents({ incidentId }: { incidentId: string }) {
  const i18n = useI18n();
  const { t, shortTime, dateTime } = i18n;
  const events = useQuery(incidentQueries.events(incidentId));
  if (events.isPending) return <p className="muted">{t('timeline.loading')}</p>;
  if (events.isError)
    return (
      <p className="form-message" role="alert">
        {errorText(i18n, events.error)}
      </p>
    );
  return (
    <ol className="timeline__list">
      {events.data.map((event) => (
        <li key={event.id} className="timeline__item" data-testid="timeline-item">
          <time dateTime={event.at} title={dateTime(event.at)}>
            {shortTime(event.at)}
          </time>
          <span className="timeline__what">{describeEvent(i18n, event, incidentId)}</span>
          <span className="timeline__who mono">
            <bdi>{actorName(event.actor)}</bdi>
          </span>
        </li>
      ))}
    </ol>
  );
}
