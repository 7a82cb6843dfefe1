import {
  SECTORS,
  SEVERITY_NAMES,
  STATUS_TRANSITIONS,
  type Incident,
  type IncidentPatch,
  type IncidentStatus,
  type SectorId,
  type Severity,
} from '@mirsad/shared';
import { useState, type SyntheticEvent } from 'react';
import { errorCodeOf } from '../../api/http.js';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { Button, FormButtons } from '../../ui/Button.js';
import { SelectField } from '../../ui/Field.js';
import type { MessageKey } from '../../i18n/messages.js';
import { useUpdateIncidentMutation } from './mutations.js';
import { SectorCategoryFields, useSectorCategory } from './SectorCategoryFields.js';
import { severityOf } from './presentation.js';

/** The button text of a move to each status: a verb, where the status name is a state. */
export const STATUS_ACTION_LABELS: Readonly<Record<IncidentStatus, MessageKey>> = {
  reported: 'action.reported',
  acknowledged: 'action.acknowledged',
  dispatched: 'action.dispatched',
  on_scene: 'action.on_scene',
  contained: 'action.contained',
  closed: 'action.closed',
  reopened: 'action.reopened',
  cancelled: 'action.cancelled',
};

const SEVERITIES: readonly Severity[] = [1, 2, 3, 4, 5];

/**
 * The response's controls: a button for each status the incident may move to next (shared's
 * STATUS_TRANSITIONS), its severity, and reassignment to another sector. Each change names the
 * version it was made against; on a conflict the panel already shows the newer incident (the
 * mutation stores it) and the officer is told to look again before retrying.
 */
export function WorkflowActions({ incident }: { incident: Incident }) {
  const i18n = useI18n();
  const { t, text } = i18n;
  const update = useUpdateIncidentMutation();
  const [isReassigning, setReassigning] = useState(false);

  const send = (patch: Omit<IncidentPatch, 'version'>): void => {
    update.mutate({ id: incident.id, patch: { ...patch, version: incident.version } });
  };

  const isConflict = errorCodeOf(update.error) === 'version_conflict';
  return (
    <section className="panel-section workflow" aria-label={t('workflow.title')}>
      <div className="workflow__statuses">
        {STATUS_TRANSITIONS[incident.status].map((next) => (
          <Button
            key={next}
            variant={next === 'cancelled' ? 'danger' : 'primary'}
            data-testid={`status-action-${next}`}
            disabled={update.isPending}
            onClick={() => {
              send({ status: next });
            }}
          >
            {t(STATUS_ACTION_LABELS[next])}
          </Button>
        ))}
      </div>
      <div className="workflow__row">
        <SelectField
          isInline
          label={t('workflow.severity')}
          testId="severity-select"
          value={severityOf(incident)}
          disabled={update.isPending}
          options={SEVERITIES.map((level) => ({
            value: level,
            label: `${level} — ${text(SEVERITY_NAMES[level])}`,
          }))}
          onChange={(severity) => {
            send({ severity });
          }}
        />
        <Button
          data-testid="reassign-button"
          aria-expanded={isReassigning}
          onClick={() => {
            setReassigning(!isReassigning);
          }}
        >
          {t('workflow.reassign')}
        </Button>
      </div>
      {isReassigning && (
        <ReassignForm
          incident={incident}
          isPending={update.isPending}
          onSubmit={(sector, category) => {
            update.mutate(
              { id: incident.id, patch: { sector, category, version: incident.version } },
              {
                onSuccess: () => {
                  setReassigning(false);
                },
              },
            );
          }}
          onCancel={() => {
            setReassigning(false);
          }}
        />
      )}
      {update.isError && (
        <p className={isConflict ? 'form-message form-message--warn' : 'form-message'} role="alert">
          {errorText(i18n, update.error)}
        </p>
      )}
    </section>
  );
}

function ReassignForm({
  incident,
  isPending,
  onSubmit,
  onCancel,
}: {
  incident: Incident;
  isPending: boolean;
  onSubmit: (sector: SectorId, category: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const others = SECTORS.filter((sector) => sector.id !== incident.sector);
  const choice = useSectorCategory(others[0]?.id ?? incident.sector);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    onSubmit(choice.sector, choice.category);
  };
  return (
    <form className="subform" onSubmit={submit} data-testid="reassign-form">
      <SectorCategoryFields
        sectors={others}
        choice={choice}
        sectorLabel={t('workflow.reassignTo')}
        categoryLabel={t('details.category')}
        testIdPrefix="reassign"
      />
      <FormButtons
        submitLabel={t('workflow.reassignSubmit')}
        cancelLabel={t('common.cancel')}
        submitTestId="reassign-submit"
        isDisabled={isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
