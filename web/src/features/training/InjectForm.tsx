import { SECTORS, SEVERITY_NAMES, type Inject, type Position, type Severity } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState, type SyntheticEvent } from 'react';
import { SelectField } from '../../ui/Field.js';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { facilityQueries } from '../facilities/queries.js';
import { SectorCategoryFields, useSectorCategory } from '../incidents/SectorCategoryFields.js';
import { useInjectMutation } from './mutations.js';

// The picker's map (MapLibre, a megabyte) loads when the console first shows it, not with the console.
const InjectPlacePicker = lazy(() =>
  import('./InjectPlacePicker.js').then((module) => ({ default: module.InjectPlacePicker })),
);

const SEVERITIES: readonly Severity[] = [1, 2, 3, 4, 5];

/** A short id for a hand-made inject; the server prefixes it with `manual-` and the count fired. */
const manualInjectId = (): string => `by-hand-${Date.now().toString(36)}`;

/**
 * The trainer's inject by hand: a sector's incident report, placed by a click on the map or at
 * a facility from the gazetteer, fired into the exercise at once.
 */
export function InjectForm({
  exerciseId,
  minute,
  center,
}: {
  exerciseId: string;
  minute: number;
  center: Position;
}) {
  const i18n = useI18n();
  const { t, text } = i18n;
  const inject = useInjectMutation(exerciseId);
  const facilities = useQuery(facilityQueries.list());
  const choice = useSectorCategory('traffic');
  const { sector, category } = choice;
  const [severity, setSeverity] = useState<Severity>(3);
  const [facilityId, setFacilityId] = useState('');
  const [place, setPlace] = useState<Position | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [sentAt, setSentAt] = useState<number | null>(null);

  const facility = facilities.data?.find((candidate) => candidate.id === facilityId);
  const position = facility?.location.coordinates ?? place;
  const canSend = title.trim() !== '' && position !== null && category !== '' && !inject.isPending;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!position) return;
    const words = title.trim();
    // The trainer writes in one language; trainees read it as written, whatever their screen's language.
    const body: Inject = {
      id: manualInjectId(),
      kind: 'incident',
      atMin: Math.floor(minute),
      sector,
      category,
      severity,
      title: { en: words, ar: words },
      description: { en: description.trim() || words, ar: description.trim() || words },
      location: { type: 'Point', coordinates: position },
    };
    inject.mutate(body, {
      onSuccess: () => {
        setSentAt(Date.now());
        setTitle('');
        setDescription('');
      },
    });
  };

  return (
    <form
      className="panel inject-form"
      onSubmit={submit}
      data-testid="inject-form"
      aria-labelledby="inject-title"
    >
      <h3 className="panel-title" id="inject-title">
        {t('training.inject.title')}
      </h3>
      <div className="inject-form__grid">
        <SectorCategoryFields
          sectors={SECTORS}
          choice={choice}
          sectorLabel={t('training.inject.sector')}
          categoryLabel={t('training.inject.category')}
          testIdPrefix="inject"
        />
        <SelectField
          label={t('training.inject.severity')}
          testId="inject-severity"
          value={String(severity)}
          options={SEVERITIES.map((value) => ({
            value: String(value),
            label: `${String(value)} — ${text(SEVERITY_NAMES[value])}`,
          }))}
          onChange={(value) => {
            setSeverity(Number(value) as Severity);
          }}
        />
        <SelectField
          label={t('training.inject.facility')}
          testId="inject-facility"
          value={facilityId}
          options={[
            { value: '', label: t('training.inject.onMap') },
            ...(facilities.data ?? []).map((candidate) => ({
              value: candidate.id,
              label: text(candidate.name),
            })),
          ]}
          onChange={setFacilityId}
        />
      </div>
      {facilityId === '' && (
        <Suspense fallback={<div className="inject-picker__map" aria-busy="true" />}>
          <InjectPlacePicker center={center} place={place} onPick={setPlace} />
        </Suspense>
      )}
      <label className="field">
        <span>{t('training.inject.reportTitle')}</span>
        <input
          type="text"
          maxLength={200}
          value={title}
          data-testid="inject-text"
          onChange={(event) => {
            setTitle(event.target.value);
          }}
        />
      </label>
      <label className="field">
        <span>{t('training.inject.description')}</span>
        <textarea
          rows={2}
          maxLength={2000}
          value={description}
          onChange={(event) => {
            setDescription(event.target.value);
          }}
        />
      </label>
      {position === null && <p className="panel-note">{t('training.inject.needPlace')}</p>}
      {inject.error && (
        <p className="panel-note panel-note--error" role="alert">
          {errorText(i18n, inject.error)}
        </p>
      )}
      {sentAt !== null && !inject.error && (
        <p className="panel-note" role="status" data-testid="inject-sent">
          {t('training.inject.sent', { time: i18n.time(sentAt) })}
        </p>
      )}
      <button
        type="submit"
        className="button button--primary"
        data-testid="inject-submit"
        disabled={!canSend}
      >
        {t('training.inject.send')}
      </button>
    </form>
  );
}
