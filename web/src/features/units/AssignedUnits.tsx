import './units.css';
import { UNIT_TYPE_NAMES, type Incident, type Unit } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useViewer } from '../auth/access.js';
import { SectorChip } from '../incidents/SectorChip.js';
import { setOpenPicker, useIncidentViewStore } from '../incidents/store.js';
import { iconDataUrl } from '../map/mapIcons.js';
import { unitIconId, unitStatusClass } from '../map/unitFeatures.js';
import { assignableUnits, assignedUnits } from './assignable.js';
import { useAssignUnitMutation, useReleaseUnitMutation } from './mutations.js';
import { UNIT_STATUS_NAMES, distanceParts } from './presentation.js';
import { unitQueries } from './queries.js';
import { Button } from '../../ui/Button.js';

/** How many of the nearest units the picker offers. */
const PICKER_SIZE = 8;

function UnitIcon({ unit }: { unit: Unit }) {
  const url = iconDataUrl(unitIconId(unit.type, unit.sector, unitStatusClass(unit.status)));
  return url ? <img className="unit-icon" src={url} alt="" /> : null;
}

function Distance({ distanceM }: { distanceM: number | null }) {
  const { t, number } = useI18n();
  if (distanceM === null) return <span className="muted">{t('units.noPosition')}</span>;
  const { value, unit } = distanceParts(distanceM);
  return (
    <span className="unit-distance">
      {t(unit === 'm' ? 'units.metres' : 'units.kilometres', { value: number(value) })}
    </span>
  );
}

/**
 * The units working the incident, each with its status and a release button, and a picker of
 * the nearest available units the officer may send. Assigning moves the incident to
 * dispatched when the workflow allows; the change arrives as events.
 */
export function AssignedUnits({ incident, canAct }: { incident: Incident; canAct: boolean }) {
  const i18n = useI18n();
  const { t, text } = i18n;
  const viewer = useViewer();
  const { data: units = [] } = useQuery(unitQueries.list());
  const assign = useAssignUnitMutation();
  const release = useReleaseUnitMutation();
  const isPicking = useIncidentViewStore((state) => state.openPicker === 'units') && canAct;
  const setPicking = (isOpen: boolean): void => {
    setOpenPicker(isOpen ? 'units' : null);
  };
  const pickerRef = useRef<HTMLUListElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (isPicking) pickerRef.current?.querySelector('button')?.focus();
  }, [isPicking]);

  const working = assignedUnits(units, incident);
  const options = isPicking ? assignableUnits(units, incident, viewer).slice(0, PICKER_SIZE) : [];
  const error = assign.error ?? release.error;

  return (
    <section className="panel-section" aria-labelledby={titleId}>
      <h3 id={titleId} className="panel-section__title">
        {t('units.title')}
        {working.length > 0 && <span className="panel-section__count">{i18n.number(working.length)}</span>}
      </h3>
      {working.length === 0 ? (
        <p className="muted">{t('units.none')}</p>
      ) : (
        <ul className="unit-list">
          {working.map(({ id, unit }) => (
            <li key={id} className="unit-row" data-testid="assigned-unit" data-unit-id={id}>
              {unit ? (
                <>
                  <UnitIcon unit={unit} />
                  <span className="unit-row__name">
                    <bdi className="mono">{unit.callSign}</bdi> · {text(UNIT_TYPE_NAMES[unit.type])}
                  </span>
                  <span className="unit-row__status">{text(UNIT_STATUS_NAMES[unit.status])}</span>
                </>
              ) : (
                <span className="unit-row__name mono">
                  <bdi>{id}</bdi>
                </span>
              )}
              {canAct && (
                <Button
                  variant="text"
                  data-testid="unit-release"
                  disabled={release.isPending}
                  onClick={() => {
                    release.mutate(id);
                  }}
                >
                  {t('units.release')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canAct && (
        <Button
          data-testid="unit-assign-button"
          aria-expanded={isPicking}
          onClick={() => {
            setPicking(!isPicking);
          }}
        >
          {t('units.assign')}
        </Button>
      )}
      {isPicking &&
        (options.length === 0 ? (
          <p className="muted">{t('units.noneAvailable')}</p>
        ) : (
          <ul className="unit-picker" ref={pickerRef} aria-label={t('units.pickerLabel')}>
            {options.map(({ unit, distanceM }) => (
              <li key={unit.id}>
                <button
                  type="button"
                  className="unit-option"
                  data-testid="unit-option"
                  data-unit-id={unit.id}
                  disabled={assign.isPending}
                  onClick={() => {
                    assign.mutate(
                      { unitId: unit.id, incidentId: incident.id },
                      {
                        onSuccess: () => {
                          setPicking(false);
                        },
                      },
                    );
                  }}
                >
                  <UnitIcon unit={unit} />
                  <SectorChip sector={unit.sector} />
                  <span className="unit-option__name">
                    <bdi className="mono">{unit.callSign}</bdi> · {text(UNIT_TYPE_NAMES[unit.type])}
                  </span>
                  <Distance distanceM={distanceM} />
                </button>
              </li>
            ))}
          </ul>
        ))}
      {error && (
        <p className="form-message" role="alert">
          {errorText(i18n, error)}
        </p>
      )}
    </section>
  );
}
