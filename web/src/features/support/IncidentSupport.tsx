import './support.css';
import {
  SECTORS,
  SUPPORT_STATUS_NAMES,
  sectorById,
  type Incident,
  type Principal,
  type SectorId,
  type SupportRequest,
} from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { usePrincipal } from '../auth/usePrincipal.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { setOpenPicker, useIncidentViewStore } from '../incidents/store.js';
import { useRequestSupportMutation } from './mutations.js';
import { supportQueries } from './queries.js';

/**
 * Which of the requester's sectors asks: the incident's owner when the requester works it,
 * else the first of their sectors involved in it; a commander asks for the owner.
 */
export function requestingSector(
  principal: Principal,
  incident: Pick<Incident, 'sector' | 'involvedSectors'>,
): SectorId {
  if (principal.role !== 'officer' || principal.sectors.includes(incident.sector)) return incident.sector;
  return incident.involvedSectors.find((sector) => principal.sectors.includes(sector)) ?? incident.sector;
}

/** One request as a line: from → to, what, and where it stands. */
export function SupportLine({ request }: { request: SupportRequest }) {
  const { t, text, shortTime } = useI18n();
  return (
    <li
      className={`support-line support-line--${request.status}`}
      data-testid="incident-support-request"
      data-request-id={request.id}
    >
      <span className="support-line__route">
        <SectorChip sector={request.fromSector} />
        <span aria-hidden="true" className="support-line__arrow">
          →
        </span>
        <SectorChip sector={request.toSector} />
        <span className="sr-only">
          {t('support.route', {
            from: text(sectorById(request.fromSector).name),
            to: text(sectorById(request.toSector).name),
          })}
        </span>
      </span>
      <span className="support-line__text">
        <bdi>{request.request}</bdi>
      </span>
      <span className={`support-status support-status--${request.status}`}>
        {text(SUPPORT_STATUS_NAMES[request.status])}
        {request.answeredAt && <time dateTime={request.answeredAt}> {shortTime(request.answeredAt)}</time>}
      </span>
      {request.answer && (
        <span className="support-line__answer">
          <bdi>{request.answer}</bdi>
        </span>
      )}
    </li>
  );
}

/**
 * Support on this incident: the requests made for it (their answers arrive live), and a form
 * to ask another sector for help.
 */
export function IncidentSupport({ incident, canAct }: { incident: Incident; canAct: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const principal = usePrincipal();
  const { data: requests = [] } = useQuery({
    ...supportQueries.list(),
    select: (all) => all.filter((request) => request.incidentId === incident.id),
  });
  const isAsking = useIncidentViewStore((state) => state.openPicker === 'support') && canAct;
  const setAsking = (isOpen: boolean): void => {
    setOpenPicker(isOpen ? 'support' : null);
  };
  const titleId = useId();

  return (
    <section className="panel-section" aria-labelledby={titleId}>
      <h3 id={titleId} className="panel-section__title">
        {t('support.title')}
      </h3>
      {requests.length > 0 && (
        <ul className="support-lines">
          {requests.map((request) => (
            <SupportLine key={request.id} request={request} />
          ))}
        </ul>
      )}
      {canAct &&
        (isAsking ? (
          <SupportRequestForm
            incident={incident}
            fromSector={requestingSector(principal, incident)}
            onDone={() => {
              setAsking(false);
            }}
          />
        ) : (
          <button
            type="button"
            className="button"
            data-testid="support-request-button"
            onClick={() => {
              setAsking(true);
            }}
          >
            {t('support.request')}
          </button>
        ))}
      {!canAct && requests.length === 0 && <p className="muted">{t('support.none')}</p>}
    </section>
  );
}

function SupportRequestForm({
  incident,
  fromSector,
  onDone,
}: {
  incident: Incident;
  fromSector: SectorId;
  onDone: () => void;
}) {
  const i18n = useI18n();
  const { t, text } = i18n;
  const requestSupport = useRequestSupportMutation();
  const targets = SECTORS.filter((sector) => sector.id !== fromSector);
  const [toSector, setToSector] = useState<SectorId>(targets[0]?.id ?? fromSector);
  const [draft, setDraft] = useState('');
  const selectRef = useRef<HTMLSelectElement>(null);
  const sectorId = useId();
  const textId = useId();

  useEffect(() => {
    selectRef.current?.focus();
  }, []);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const request = draft.trim();
    if (request === '') return;
    requestSupport.mutate(
      { incidentId: incident.id, toSector, request, fromSector },
      {
        onSuccess: () => {
          setDraft('');
          onDone();
        },
      },
    );
  };

  return (
    <form className="subform" onSubmit={submit} data-testid="support-request-form">
      <label className="field" htmlFor={sectorId}>
        <span className="field__label">{t('support.toSector')}</span>
        <select
          id={sectorId}
          ref={selectRef}
          className="select"
          data-testid="support-to-sector"
          value={toSector}
          onChange={(event) => {
            const next = targets.find((sector) => sector.id === event.target.value);
            if (next) setToSector(next.id);
          }}
        >
          {targets.map((sector) => (
            <option key={sector.id} value={sector.id}>
              {text(sector.name)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={textId}>
        <span className="field__label">{t('support.what')}</span>
        <textarea
          id={textId}
          className="textarea"
          data-testid="support-request-text"
          rows={2}
          maxLength={500}
          placeholder={t('support.placeholder')}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
          }}
        />
      </label>
      <div className="subform__buttons">
        <button
          type="submit"
          className="button button--primary"
          data-testid="support-request-submit"
          disabled={draft.trim() === '' || requestSupport.isPending}
        >
          {t('support.send')}
        </button>
        <button type="button" className="text-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {requestSupport.isError && (
        <p className="form-message" role="alert">
          {errorText(i18n, requestSupport.error)}
        </p>
      )}
    </form>
  );
}
