import './shelters.css';
import { FACILITY_KIND_NAMES, type Facility, type Shelter } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Button, FormButtons } from '../../ui/Button.js';
import { Field, SelectField } from '../../ui/Field.js';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { canRunShelters, useViewer } from '../auth/access.js';
import { facilityQueries } from '../facilities/queries.js';
import { shelterLoad } from './load.js';
import { useOpenShelterMutation, useUpdateShelterMutation } from './mutations.js';
import { shelterQueries } from './queries.js';
import { setShelterBoardOpen } from './store.js';

/** The states an officer can set a shelter to. */
const SHELTER_STATUSES = ['open', 'full', 'closed'] as const satisfies readonly Shelter['status'][];

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
  const viewer = useViewer();
  const { data: shelters = [], isPending } = useQuery(shelterQueries.list());
  // A shelter at a gazetteer site is named in the reader's language from the site.
  const { data: facilities = [] } = useQuery(facilityQueries.list());
  const { text } = useI18n();
  const nameOf = (shelter: Shelter): string => {
    const site = facilities.find((facility) => facility.id === shelter.facilityId);
    return site ? text(site.name) : shelter.name;
  };
  const canManage = canRunShelters(viewer);
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
        <Button
          variant="icon"
          aria-label={t('shelters.close')}
          title={t('shelters.close')}
          onClick={() => {
            setShelterBoardOpen(false);
          }}
        >
          ×
        </Button>
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
            <Button
              data-testid="shelter-open-button"
              onClick={() => {
                setOpening(true);
              }}
            >
              {t('shelters.open')}
            </Button>
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
          <Button
            variant="text"
            data-testid="shelter-update-button"
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('shelters.update')}
          </Button>
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
        <Field label={t('shelters.occupancyField')}>
          <input
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
        </Field>
        <SelectField
          label={t('shelters.statusField')}
          value={status}
          options={SHELTER_STATUSES.map((value) => ({ value, label: t(`shelters.status.${value}`) }))}
          onChange={setStatus}
        />
      </div>
      <Field label={t('shelters.needsField')}>
        <input
          className="input"
          data-testid="shelter-needs-input"
          value={needs}
          placeholder={t('shelters.needsPlaceholder')}
          onChange={(event) => {
            setNeeds(event.target.value);
          }}
        />
      </Field>
      <FormButtons
        submitLabel={t('shelters.save')}
        cancelLabel={t('common.cancel')}
        submitTestId="shelter-update-submit"
        isDisabled={update.isPending}
        onCancel={onDone}
      />
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
  const chosen = facilityId || sites[0]?.id || '';

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (chosen === '') return;
    openShelter.mutate({ facilityId: chosen }, { onSuccess: onDone });
  };
  return (
    <form className="subform" onSubmit={submit} data-testid="shelter-open-form">
      <SelectField
        label={text(FACILITY_KIND_NAMES['shelter-site'])}
        testId="shelter-site-select"
        value={chosen}
        options={sites.map((site) => ({
          value: site.id,
          label: `${text(site.name)}${site.shelterCapacity !== null ? ` (${number(site.shelterCapacity)})` : ''}`,
        }))}
        onChange={setFacilityId}
      />
      <FormButtons
        submitLabel={t('shelters.openSubmit')}
        cancelLabel={t('common.cancel')}
        submitTestId="shelter-open-submit"
        isDisabled={chosen === '' || openShelter.isPending}
        onCancel={onDone}
      />
      {openShelter.isError && (
        <p className="form-message" role="alert">
          {errorText(i18n, openShelter.error)}
        </p>
      )}
    </form>
  );
}
