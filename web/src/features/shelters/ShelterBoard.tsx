import { FACILITY_KIND_NAMES, type Facility, type Shelter } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { canManageShelters } from '../auth/access.js';
import { usePrincipal } from '../auth/usePrincipal.js';
import { facilityQueries } from '../facilities/queries.js';
import { shelterLoad } from './load.js';
import { useOpenShelterMutation, useUpdateShelterMutation } from './mutations.js';
import { shelterQueries } from './queries.js';
import { setShelterBoardOpen } from './store.js';

/** Open shelters first, fullest first; closed ones last. */
export function boardOrder(shelters: readonly Shelter[]): Shelter[] {
  const rank = (shelter: Shelter): number => (shelter.status === 'closed' ? 1 : 0);
  return [...shelters].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.occupancy / b.capacity - a.occupancy / a.capacity ||
      a.name.localeCompare(b.name),
  );
}

/** Parses the needs field: comma- or line-separated, blanks dropped, at most 20. */
export function parseNeeds(value: string): string[] {
  return value
    .split(/[,،\n]/)
    .map((need) => need.trim())
    .filter((need) => need !== '')
    .slice(0, 20);
}

/**
 * The shelters board: each shelter's occupancy against capacity, what it needs and whether it
 * is open; officers update them and open new ones at the gazetteer's shelter sites.
 */
export function ShelterBoard() {
  const { t, number } = useI18n();
  const principal = usePrincipal();
  const { data: shelters = [], isPending } = useQuery(shelterQueries.list());
  // A shelter at a gazetteer site is named in the reader's language from the site.
  const { data: facilities = [] } = useQuery(facilityQueries.list());
  const { text } = useI18n();
  const nameOf = (shelter: Shelter): string => {
    const site = facilities.find((facility) => facility.id === shelter.facilityId);
    return site ? text(site.name) : shelter.name;
  };
  const canManage = canManageShelters(principal);
  const [isOpening, setOpening] = useState(false);
  const ordered = boardOrder(shelters);
  const open = shelters.filter((shelter) => shelter.status !== 'closed');
  const people = open.reduce((sum, shelter) => sum + shelter.occupancy, 0);
  const places = open.reduce((sum, shelter) => sum + shelter.capacity, 0);
  return (
    <section className="shelter-board" data-testid="shelter-board" aria-labelledby="shelter-board-title">
      <div className="shelter-board__head">
        <h2 id="shelter-board-title" className="panel-title">
          {t('shelters.title')}
        </h2>
        <span className="shelter-board__total">
          {t('shelters.total', {
            people: number(people),
            places,
            count: open.length,
          })}
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label={t('shelters.close')}
          title={t('shelters.close')}
          onClick={() => {
            setShelterBoardOpen(false);
          }}
        >
          ×
        </button>
      </div>
      <div className="shelter-board__scroll">
        {isPending && <p className="muted">{t('shelters.loading')}</p>}
        {!isPending && shelters.length === 0 && <p className="muted">{t('shelters.empty')}</p>}
        <ul className="shelter-list">
          {ordered.map((shelter) => (
            <ShelterRow key={shelter.id} shelter={shelter} name={nameOf(shelter)} canManage={canManage} />
          ))}
        </ul>
        {canManage &&
          (isOpening ? (
            <OpenShelterForm
              onDone={() => {
                setOpening(false);
              }}
              openFacilityIds={
                new Set(open.flatMap((shelter) => (shelter.facilityId ? [shelter.facilityId] : [])))
              }
            />
          ) : (
            <button
              type="button"
              className="button"
              data-testid="shelter-open-button"
              onClick={() => {
                setOpening(true);
              }}
            >
              {t('shelters.open')}
            </button>
          ))}
      </div>
    </section>
  );
}

function ShelterRow({ shelter, name, canManage }: { shelter: Shelter; name: string; canManage: boolean }) {
  const i18n = useI18n();
  const { t, number } = i18n;
  const [isEditing, setEditing] = useState(false);
  const load = shelterLoad(shelter);
  const percent = Math.min(100, Math.round((shelter.occupancy / shelter.capacity) * 100));
  return (
    <li className={`shelter shelter--${load}`} data-testid="shelter-item" data-shelter-id={shelter.id}>
      <div className="shelter__head">
        <span className="shelter__name">
          <bdi>{name}</bdi>
        </span>
        <span className={`shelter__status shelter__status--${shelter.status}`}>
          {t(`shelters.status.${shelter.status}`)}
        </span>
      </div>
      <div
        className="shelter__bar"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={shelter.capacity}
        aria-valuenow={shelter.occupancy}
        aria-label={t('shelters.occupancyLabel', { name })}
      >
        <span className="shelter__fill" style={{ inlineSize: `${percent}%` }} />
      </div>
      <div className="shelter__numbers">
        <span data-testid="shelter-occupancy">
          {t('shelters.occupancy', {
            occupancy: number(shelter.occupancy),
            capacity: shelter.capacity,
          })}
        </span>
        <span className="muted">{number(percent)}%</span>
      </div>
      {shelter.needs.length > 0 && (
        <ul className="shelter__needs" aria-label={t('shelters.needs')}>
          {shelter.needs.map((need) => (
            <li key={need} className="need">
              <bdi>{need}</bdi>
            </li>
          ))}
        </ul>
      )}
      {canManage &&
        shelter.status !== 'closed' &&
        (isEditing ? (
          <ShelterUpdateForm
            shelter={shelter}
            onDone={() => {
              setEditing(false);
            }}
          />
        ) : (
          <button
            type="button"
            className="text-button"
            data-testid="shelter-update-button"
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('shelters.update')}
          </button>
        ))}
    </li>
  );
}

function ShelterUpdateForm({ shelter, onDone }: { shelter: Shelter; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const update = useUpdateShelterMutation();
  const [occupancy, setOccupancy] = useState(String(shelter.occupancy));
  const [needs, setNeeds] = useState(shelter.needs.join(', '));
  const [status, setStatus] = useState<Shelter['status']>(shelter.status);
  const occupancyId = useId();
  const needsId = useId();
  const statusId = useId();

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const value = Number.parseInt(occupancy, 10);
    update.mutate(
      {
        id: shelter.id,
        patch: {
          // The version the officer saw: a change by someone else in between is a conflict, not lost.
          version: shelter.version,
          ...(Number.isFinite(value) && value >= 0 ? { occupancy: value } : {}),
          needs: parseNeeds(needs),
          ...(status !== shelter.status ? { status } : {}),
        },
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="subform" onSubmit={submit} data-testid="shelter-update-form">
      <div className="subform__row">
        <label className="field" htmlFor={occupancyId}>
          <span className="field__label">{t('shelters.occupancyField')}</span>
          <input
            id={occupancyId}
            className="input"
            data-testid="shelter-occupancy-input"
            type="number"
            inputMode="numeric"
            min={0}
            max={100000}
            value={occupancy}
            onChange={(event) => {
              setOccupancy(event.target.value);
            }}
          />
        </label>
        <label className="field" htmlFor={statusId}>
          <span className="field__label">{t('shelters.statusField')}</span>
          <select
            id={statusId}
            className="select"
            value={status}
            onChange={(event) => {
              const next = (['open', 'full', 'closed'] as const).find((s) => s === event.target.value);
              if (next) setStatus(next);
            }}
          >
            <option value="open">{t('shelters.status.open')}</option>
            <option value="full">{t('shelters.status.full')}</option>
            <option value="closed">{t('shelters.status.closed')}</option>
          </select>
        </label>
      </div>
      <label className="field" htmlFor={needsId}>
        <span className="field__label">{t('shelters.needsField')}</span>
        <input
          id={needsId}
          className="input"
          data-testid="shelter-needs-input"
          value={needs}
          placeholder={t('shelters.needsPlaceholder')}
          onChange={(event) => {
            setNeeds(event.target.value);
          }}
        />
      </label>
      <div className="subform__buttons">
        <button
          type="submit"
          className="button button--primary"
          data-testid="shelter-update-submit"
          disabled={update.isPending}
        >
          {t('shelters.save')}
        </button>
        <button type="button" className="text-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {update.isError && (
        <p className="form-message" role="alert">
          {errorText(i18n, update.error)}
        </p>
      )}
    </form>
  );
}

function OpenShelterForm({
  onDone,
  openFacilityIds,
}: {
  onDone: () => void;
  openFacilityIds: ReadonlySet<string>;
}) {
  const i18n = useI18n();
  const { t, text, number } = i18n;
  const { data: facilities = [] } = useQuery(facilityQueries.list());
  const sites = facilities.filter(
    (facility): facility is Facility => facility.kind === 'shelter-site' && !openFacilityIds.has(facility.id),
  );
  const [facilityId, setFacilityId] = useState('');
  const openShelter = useOpenShelterMutation();
  const siteId = useId();
  const chosen = facilityId || sites[0]?.id || '';

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (chosen === '') return;
    openShelter.mutate({ facilityId: chosen }, { onSuccess: onDone });
  };
  return (
    <form className="subform" onSubmit={submit} data-testid="shelter-open-form">
      <label className="field" htmlFor={siteId}>
        <span className="field__label">{text(FACILITY_KIND_NAMES['shelter-site'])}</span>
        <select
          id={siteId}
          className="select"
          data-testid="shelter-site-select"
          value={chosen}
          onChange={(event) => {
            setFacilityId(event.target.value);
          }}
        >
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {text(site.name)}
              {site.shelterCapacity !== null ? ` (${number(site.shelterCapacity)})` : ''}
            </option>
          ))}
        </select>
      </label>
      <div className="subform__buttons">
        <button
          type="submit"
          className="button button--primary"
          data-testid="shelter-open-submit"
          disabled={chosen === '' || openShelter.isPending}
        >
          {t('shelters.openSubmit')}
        </button>
        <button type="button" className="text-button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {openShelter.isError && (
        <p className="form-message" role="alert">
          {errorText(i18n, openShelter.error)}
        </p>
      )}
    </form>
  );
}
