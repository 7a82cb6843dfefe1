import { isWarningActive, WARNING_STATE_NAMES, warningStateAt, type Warning } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useNow } from '../../hooks/useNow.js';
import { Button, FormButtons } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { useViewer } from '../auth/access.js';
import { canApproveWarning, canAuthorWarnings, canChangeWarning, canProposeIncident } from './access.js';
import {
  useApproveWarningMutation,
  useCancelWarningMutation,
  useIncidentFromWarningMutation,
} from './mutations.js';
import { warningQueries } from './queries.js';
import { focusWarning, openWarningDialog, setWarningsBoardOpen } from './store.js';
import { infoFor, WARNING_COLORS } from './warningFeatures.js';
import './warnings.css';

/** The board's groups, in the order a commander works them. */
type Group = 'draft' | 'issued' | 'received' | 'ended';

/** Which group a warning is in at `nowMs`. */
export function groupOf(warning: Warning, nowMs: number): Group {
  if (warning.state === 'draft') return 'draft';
  if (isWarningActive(warning, nowMs)) return warning.origin === 'received' ? 'received' : 'issued';
  return 'ended';
}

/** Each group's warnings, newest first; ended ones last and at most the latest ten. */
export function boardGroups(warnings: readonly Warning[], nowMs: number): Record<Group, Warning[]> {
  const groups: Record<Group, Warning[]> = { draft: [], issued: [], received: [], ended: [] };
  const newestFirst = [...warnings].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  for (const warning of newestFirst) groups[groupOf(warning, nowMs)].push(warning);
  groups.ended = groups.ended.slice(0, 10);
  return groups;
}

const GROUPS: readonly Group[] = ['draft', 'issued', 'received', 'ended'];

/**
 * The warnings board over the map: drafts waiting for a second commander, the warnings issued
 * and those received from other authorities, with their CAP identifiers; approve, update and
 * cancel where the shared policy allows.
 */
export function WarningsBoard() {
  const i18n = useI18n();
  const { t } = i18n;
  const viewer = useViewer();
  const nowMs = useNow();
  const { data: warnings, isPending, isError, error } = useQuery(warningQueries.list());
  const groups = boardGroups(warnings ?? [], nowMs);
  return (
    <section className="warnings-board" data-testid="warnings-board" aria-labelledby="warnings-board-title">
      <div className="warnings-board__head">
        <h2 id="warnings-board-title" className="panel-title">
          {t('warnings.title')}
        </h2>
        <a className="text-button" href="/public" target="_blank" rel="noopener">
          {t('warnings.publicPage')}
        </a>
        <Button
          variant="icon"
          aria-label={t('warnings.close')}
          title={t('warnings.close')}
          onClick={() => {
            setWarningsBoardOpen(false);
          }}
        >
          ×
        </Button>
      </div>
      {canAuthorWarnings(viewer) && (
        <Button
          variant="primary"
          data-testid="warning-new"
          onClick={() => {
            openWarningDialog({ kind: 'new', incidentId: null });
          }}
        >
          {t('warnings.new')}
        </Button>
      )}
      <div className="warnings-board__body">
        {isPending && <p className="panel-note">{t('warnings.loading')}</p>}
        {isError && (
          <p className="panel-note panel-note--error">
            {t('warnings.error', { message: errorText(i18n, error) })}
          </p>
        )}
        {warnings?.length === 0 && <p className="panel-note">{t('warnings.empty')}</p>}
        {GROUPS.filter((group) => groups[group].length > 0).map((group) => (
          <section key={group} className="warnings-board__group" data-testid={`warnings-group-${group}`}>
            <h3 className="panel-section__title">
              {t(`warnings.group.${group}`)} ({t('warnings.count', { count: groups[group].length })})
            </h3>
            <ul className="warnings-board__list">
              {groups[group].map((warning) => (
                <WarningItem key={warning.id} warning={warning} nowMs={nowMs} />
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}

function WarningItem({ warning, nowMs }: { warning: Warning; nowMs: number }) {
  const i18n = useI18n();
  const { t, text, dateTime, locale } = i18n;
  const viewer = useViewer();
  const approve = useApproveWarningMutation();
  const cancel = useCancelWarningMutation();
  const toIncident = useIncidentFromWarningMutation();
  const [isCancelling, setCancelling] = useState(false);
  const [note, setNote] = useState('');
  const info = infoFor(warning, locale);
  const state = warningStateAt(warning, nowMs);
  const isOwnDraft = warning.state === 'draft' && warning.author.actor === `user:${viewer.principal.id}`;
  const failure = approve.error ?? cancel.error ?? toIncident.error;
  return (
    <li
      className="warning-item"
      data-testid="warning-item"
      data-state={state}
      data-identifier={warning.identifier}
    >
      <div className="warning-item__head">
        <span
          className="warning-item__swatch"
          style={{ backgroundColor: WARNING_COLORS[warning.severity] }}
          aria-hidden="true"
        />
        <strong className="warning-item__headline" lang={info.language} dir="auto">
          {info.headline}
        </strong>
      </div>
      <div className="warning-item__meta">
        <span className={`warning-state warning-state--${state}`}>{text(WARNING_STATE_NAMES[state])}</span>
        {warning.msgType !== 'Alert' && warning.msgType !== 'Ack' && warning.msgType !== 'Error' && (
          <span className="warning-state">{t(`warnings.msgType.${warning.msgType}`)}</span>
        )}
        <span>{t('warnings.until', { time: dateTime(warning.expires) })}</span>
      </div>
      <div className="warning-item__meta muted">
        {warning.origin === 'received' ? (
          <span>{t('warnings.from', { sender: warning.senderName })}</span>
        ) : (
          <span>{t('warnings.by', { name: warning.author.displayName })}</span>
        )}
        {warning.approvedBy && (
          <span>{t('warnings.approvedBy', { name: warning.approvedBy.displayName })}</span>
        )}
      </div>
      <div className="warning-item__meta muted">
        <span>
          {t('warnings.identifier')}: <bdi className="mono">{warning.identifier}</bdi>
        </span>
        {warning.sent !== null && (
          <a
            className="text-button"
            href={`/api/cap/alerts/${encodeURIComponent(warning.id)}`}
            target="_blank"
            rel="noopener"
          >
            {t('warnings.capLink')}
          </a>
        )}
      </div>
      <div className="warning-item__actions">
        {isWarningActive(warning, nowMs) && (
          <Button
            variant="text"
            onClick={() => {
              focusWarning(warning.id);
            }}
          >
            {t('warnings.showOnMap')}
          </Button>
        )}
        {canApproveWarning(viewer, warning) && (
          <Button
            variant="primary"
            data-testid="warning-approve"
            disabled={approve.isPending}
            title={t('warnings.approveHint')}
            onClick={() => {
              approve.mutate(warning.id);
            }}
          >
            {t('warnings.approve')}
          </Button>
        )}
        {warning.origin === 'received' && canProposeIncident(viewer, warning, nowMs) && (
          <Button
            data-testid="warning-to-incident"
            disabled={toIncident.isPending}
            onClick={() => {
              toIncident.mutate(warning.id);
            }}
          >
            {t('warnings.toIncident')}
          </Button>
        )}
        {isOwnDraft && (
          <span className="muted" data-testid="warning-own-draft">
            {t('warnings.ownDraft')}
          </span>
        )}
        {canChangeWarning(viewer, warning) && warning.state === 'issued' && (
          <Button
            data-testid="warning-update"
            onClick={() => {
              openWarningDialog({ kind: 'update', warning });
            }}
          >
            {t('warnings.update')}
          </Button>
        )}
        {canChangeWarning(viewer, warning) && !isCancelling && (
          <Button
            variant="danger"
            data-testid="warning-cancel"
            onClick={() => {
              if (warning.state === 'draft') cancel.mutate({ id: warning.id, body: {} });
              else setCancelling(true);
            }}
          >
            {t(warning.state === 'draft' ? 'warnings.withdraw' : 'warnings.cancel')}
          </Button>
        )}
      </div>
      {isCancelling && (
        <form
          className="subform"
          onSubmit={(event) => {
            event.preventDefault();
            const trimmed = note.trim();
            cancel.mutate(
              { id: warning.id, body: trimmed === '' ? {} : { note: trimmed } },
              {
                onSuccess: () => {
                  setCancelling(false);
                },
              },
            );
          }}
        >
          <Field label={t('warnings.cancelNote')}>
            <textarea
              className="input"
              rows={2}
              dir="auto"
              data-testid="warning-cancel-note"
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
              }}
            />
          </Field>
          <FormButtons
            submitLabel={t('warnings.cancelConfirm')}
            cancelLabel={t('warnings.form.cancel')}
            submitTestId="warning-cancel-submit"
            isDisabled={cancel.isPending}
            onCancel={() => {
              setCancelling(false);
            }}
          />
        </form>
      )}
      {failure && (
        <p className="field-problem" role="alert">
          {t('warnings.failed', { message: errorText(i18n, failure) })}
        </p>
      )}
    </li>
  );
}

/** The incident panel's way in: a warning drafted from this incident. Shown to those who may author. */
export function IncidentWarningAction({ incidentId }: { incidentId: string }) {
  const { t } = useI18n();
  const viewer = useViewer();
  if (!canAuthorWarnings(viewer)) return null;
  return (
    <Button
      data-testid="warning-from-incident"
      onClick={() => {
        openWarningDialog({ kind: 'new', incidentId });
      }}
    >
      {t('warnings.fromIncident')}
    </Button>
  );
}
