import '../incidents/side-panels.css';
import { sectorById, type SupportRequest } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { canAnswer, useViewer } from '../auth/access.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { incidentQueries } from '../incidents/queries.js';
import { selectIncident } from '../incidents/store.js';
import { focusIncident } from '../map/store.js';
import { useAnswerSupportMutation } from './mutations.js';
import { supportQueries } from './queries.js';

/** Pending requests the person may answer, oldest first: the one waiting longest on top. */
export function inboxOf(requests: readonly SupportRequest[], isMine: (request: SupportRequest) => boolean) {
  return requests
    .filter((request) => request.status === 'pending' && isMine(request))
    .sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt));
}

/**
 * Requests for help addressed to the person's sectors (a commander's: all), each with accept
 * and decline and an optional answer. Shown only while there is one to answer.
 */
export function SupportInbox() {
  const { t, number } = useI18n();
  const viewer = useViewer();
  const { data: requests = [] } = useQuery(supportQueries.list());
  const inbox = inboxOf(requests, (request) => canAnswer(viewer, request));
  if (inbox.length === 0) return null;
  return (
    <section
      className="side-panel support-inbox"
      data-testid="support-inbox"
      aria-labelledby="support-inbox-title"
    >
      <h2 id="support-inbox-title" className="panel-title side-panel__title">
        {t('inbox.title')}
        <span className="side-panel__count">{number(inbox.length)}</span>
      </h2>
      <ul className="side-panel__list">
        {inbox.map((request) => (
          <InboxItem key={request.id} request={request} />
        ))}
      </ul>
    </section>
  );
}

function InboxItem({ request }: { request: SupportRequest }) {
  const i18n = useI18n();
  const { t, text, relative } = i18n;
  const nowMs = useNow();
  const answer = useAnswerSupportMutation();
  const [draft, setDraft] = useState('');
  // The incident is another sector's until the request is accepted: its title may be unknown here.
  const { data: incident } = useQuery({
    ...incidentQueries.picture(),
    select: (picture) => picture.get(request.incidentId),
  });
  const decide = (decision: 'accept' | 'decline'): void => {
    answer.mutate({ id: request.id, decision, answer: draft });
  };
  return (
    <li className="inbox-item" data-testid="support-item" data-request-id={request.id}>
      <div className="inbox-item__head">
        <SectorChip sector={request.fromSector} />
        <span className="inbox-item__from">
          {t('inbox.from', { sector: text(sectorById(request.fromSector).name) })}
        </span>
        <time className="inbox-item__time" dateTime={request.requestedAt}>
          {relative(request.requestedAt, nowMs)}
        </time>
      </div>
      <p className="inbox-item__request">
        <bdi>{request.request}</bdi>
      </p>
      {incident ? (
        <button
          type="button"
          className="text-button inbox-item__incident"
          onClick={() => {
            selectIncident(incident.id);
            focusIncident(incident.id);
          }}
        >
          <bdi>{incident.title}</bdi>
        </button>
      ) : (
        <p className="muted inbox-item__incident">{t('inbox.otherIncident')}</p>
      )}
      <p className="muted inbox-item__by">
        <bdi>{request.requestedBy.displayName}</bdi>
      </p>
      <input
        type="text"
        className="input"
        data-testid="support-answer"
        aria-label={t('inbox.answerLabel')}
        placeholder={t('inbox.answerPlaceholder')}
        maxLength={500}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
        }}
      />
      <div className="inbox-item__buttons">
        <button
          type="button"
          className="button button--primary"
          data-testid="support-accept"
          disabled={answer.isPending}
          onClick={() => {
            decide('accept');
          }}
        >
          {t('inbox.accept')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="support-decline"
          disabled={answer.isPending}
          onClick={() => {
            decide('decline');
          }}
        >
          {t('inbox.decline')}
        </button>
      </div>
      {answer.isError && (
        <p className="form-message" role="alert">
          {errorText(i18n, answer.error)}
        </p>
      )}
    </li>
  );
}
