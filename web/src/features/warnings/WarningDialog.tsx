import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_RESPONSE_TYPES,
  CAP_SEVERITIES,
  CAP_URGENCIES,
  GOVERNORATE_IDS,
  type Incident,
  type LocalizedText,
  type Position,
} from '@mirsad/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { useNow } from '../../hooks/useNow.js';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { Button, FormButtons } from '../../ui/Button.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field, SelectField } from '../../ui/Field.js';
import { useGovernorateNames } from '../geo/queries.js';
import { categoryName } from '../incidents/presentation.js';
import { incidentQueries } from '../incidents/queries.js';
import { AreaPicker } from './AreaPicker.js';
import {
  CAP_CATEGORY_NAMES,
  CAP_CERTAINTY_NAMES,
  CAP_RESPONSE_TYPE_NAMES,
  CAP_SEVERITY_NAMES,
  CAP_URGENCY_NAMES,
  EXTRA_LANGUAGES,
} from './capNames.js';
import { useDraftWarningMutation, useUpdateWarningMutation } from './mutations.js';
import {
  openWarningDialog,
  setWarningsBoardOpen,
  useWarningsViewStore,
  type WarningDialogState,
} from './store.js';
import {
  emptyForm,
  formFromIncident,
  formFromWarning,
  toNewWarning,
  type AreaMode,
  type FormField,
  type FormProblem,
  type InfoFields,
  type WarningForm,
} from './warningForm.js';
import './warnings.css';

const AREA_MODES: readonly AreaMode[] = ['governorates', 'polygon', 'circle'];

/** The dialog's starting form: from the incident, from the warning updated, or empty. */
function useInitialForm(dialog: WarningDialogState): () => WarningForm {
  const queryClient = useQueryClient();
  const governorates = useGovernorateNames();
  return () => {
    const nowMs = Date.now();
    if (dialog.kind === 'update') return formFromWarning(dialog.warning, nowMs);
    if (dialog.kind === 'new' && dialog.incidentId !== null) {
      const incident: Incident | undefined =
        queryClient.getQueryData(incidentQueries.picture().queryKey)?.get(dialog.incidentId) ??
        queryClient.getQueryData(incidentQueries.detail(dialog.incidentId).queryKey);
      if (incident) {
        const governorate = incident.governorate ? (governorates.get(incident.governorate) ?? null) : null;
        return formFromIncident(incident, { category: categoryName(incident), governorate }, nowMs);
      }
    }
    return emptyForm(nowMs);
  };
}

/** The authoring dialog, open while the store says so. */
export function WarningDialogHost() {
  const dialog = useWarningsViewStore((state) => state.dialog);
  if (dialog.kind === 'closed') return null;
  // A new key per opening: the form starts again from what it is opened for.
  const key = dialog.kind === 'update' ? `update:${dialog.warning.id}` : `new:${dialog.incidentId ?? ''}`;
  return <WarningDialog key={key} dialog={dialog} />;
}

/**
 * A public warning's authoring form, with CAP's fields: the event and its category, urgency,
 * severity and certainty, the action asked of the public, when it starts and ends; headline,
 * description and instruction in Arabic and English (and more languages if wanted); the area as
 * governorates, a drawn polygon or a circle. Saving makes a draft that another commander approves.
 */
export function WarningDialog({ dialog }: { dialog: Exclude<WarningDialogState, { kind: 'closed' }> }) {
  const i18n = useI18n();
  const { t, text } = i18n;
  const [form, setForm] = useState<WarningForm>(useInitialForm(dialog));
  // Problems are shown once the author has tried to save, then kept up to date as they type.
  const [hasTried, setTried] = useState(false);
  const nowMs = useNow();
  const problems: ReadonlyMap<FormField, FormProblem> = hasTried
    ? (toNewWarning(form, nowMs).problems ?? new Map())
    : new Map();
  const governorateNames = useGovernorateNames();
  const draft = useDraftWarningMutation();
  const update = useUpdateWarningMutation();
  const mutation = dialog.kind === 'update' ? update : draft;
  const close = () => {
    openWarningDialog({ kind: 'closed' });
  };
  const set = (changes: Partial<WarningForm>) => {
    setForm((previous) => ({ ...previous, ...changes }));
  };
  const setInfo = (index: number, changes: Partial<InfoFields>) => {
    setForm((previous) => ({
      ...previous,
      infos: previous.infos.map((info, i) => (i === index ? { ...info, ...changes } : info)),
    }));
  };
  const problemOf = (field: FormField): string | null => {
    const problem = problems.get(field);
    return problem ? t(problem.key, problem.values) : null;
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const result = toNewWarning(form, Date.now());
    setTried(true);
    if (result.problems) return;
    const onSuccess = () => {
      close();
      setWarningsBoardOpen(true);
    };
    if (dialog.kind === 'update') {
      const note = form.note.trim();
      update.mutate(
        { id: dialog.warning.id, body: note === '' ? result.body : { ...result.body, note } },
        { onSuccess },
      );
    } else {
      draft.mutate(result.body, { onSuccess });
    }
  };

  const usedLanguages = new Set(form.infos.map((info) => info.language));
  const languageName = (tag: string): string =>
    tag === 'ar'
      ? t('warnings.form.language.ar')
      : tag === 'en'
        ? t('warnings.form.language.en')
        : t('warnings.form.language.other', {
            language: EXTRA_LANGUAGES.find((l) => l.tag === tag)?.name ?? tag,
          });
  const enumOptions = <T extends string>(values: readonly T[], names: Readonly<Record<T, LocalizedText>>) =>
    values.map((value) => ({ value, label: text(names[value]) }));

  return (
    <Dialog
      isOpen
      title={t(dialog.kind === 'update' ? 'warnings.form.title.update' : 'warnings.form.title.new')}
      onClose={close}
      className="warning-dialog"
      testId="warning-dialog"
    >
      <form className="warning-form" onSubmit={submit} noValidate>
        <p className="muted">{t('warnings.form.intro')}</p>
        <div className="warning-form__grid">
          <Checked problem={problemOf('event')}>
            <Field label={t('warnings.form.event')}>
              <input
                className="input"
                data-testid="warning-event"
                value={form.event}
                aria-invalid={problems.has('event')}
                onChange={(e) => {
                  set({ event: e.target.value });
                }}
              />
            </Field>
          </Checked>
          <SelectField
            label={t('warnings.form.category')}
            value={form.category}
            options={enumOptions(CAP_CATEGORIES, CAP_CATEGORY_NAMES)}
            onChange={(category) => {
              set({ category });
            }}
            testId="warning-category"
          />
          <SelectField
            label={t('warnings.form.severity')}
            value={form.severity}
            options={enumOptions(CAP_SEVERITIES, CAP_SEVERITY_NAMES)}
            onChange={(severity) => {
              set({ severity });
            }}
            testId="warning-severity"
          />
          <SelectField
            label={t('warnings.form.urgency')}
            value={form.urgency}
            options={enumOptions(CAP_URGENCIES, CAP_URGENCY_NAMES)}
            onChange={(urgency) => {
              set({ urgency });
            }}
            testId="warning-urgency"
          />
          <SelectField
            label={t('warnings.form.certainty')}
            value={form.certainty}
            options={enumOptions(CAP_CERTAINTIES, CAP_CERTAINTY_NAMES)}
            onChange={(certainty) => {
              set({ certainty });
            }}
            testId="warning-certainty"
          />
          <SelectField
            label={t('warnings.form.responseType')}
            value={form.responseType}
            options={[
              { value: '' as const, label: t('warnings.form.responseType.none') },
              ...enumOptions(CAP_RESPONSE_TYPES, CAP_RESPONSE_TYPE_NAMES),
            ]}
            onChange={(responseType) => {
              set({ responseType });
            }}
            testId="warning-response"
          />
          <Checked problem={problemOf('onset')}>
            <Field label={t('warnings.form.onset')}>
              <input
                className="input"
                type="datetime-local"
                data-testid="warning-onset"
                value={form.onset}
                aria-invalid={problems.has('onset')}
                onChange={(e) => {
                  set({ onset: e.target.value });
                }}
              />
            </Field>
          </Checked>
          <Checked problem={problemOf('expires')}>
            <Field label={t('warnings.form.expires')}>
              <input
                className="input"
                type="datetime-local"
                data-testid="warning-expires"
                value={form.expires}
                aria-invalid={problems.has('expires')}
                onChange={(e) => {
                  set({ expires: e.target.value });
                }}
              />
            </Field>
          </Checked>
          <Field label={t('warnings.form.senderName')}>
            <input
              className="input"
              data-testid="warning-sender-name"
              value={form.senderName}
              onChange={(e) => {
                set({ senderName: e.target.value });
              }}
            />
          </Field>
        </div>

        <div className="warning-form__languages">
          {form.infos.map((info, index) => (
            <fieldset
              key={info.language}
              className="warning-form__info"
              data-testid={`warning-info-${info.language}`}
            >
              <legend>
                {languageName(info.language)}
                {index >= 2 && (
                  <Button
                    variant="text"
                    onClick={() => {
                      set({ infos: form.infos.filter((_, i) => i !== index) });
                    }}
                  >
                    {t('warnings.form.removeLanguage')}
                  </Button>
                )}
              </legend>
              {(['headline', 'description', 'instruction'] as const).map((part) => (
                <Checked key={part} problem={problemOf(`info.${index}.${part}`)}>
                  <Field label={t(`warnings.form.${part}`)}>
                    {part === 'headline' ? (
                      <input
                        className="input"
                        lang={info.language}
                        dir="auto"
                        data-testid={`warning-${info.language}-${part}`}
                        value={info[part]}
                        aria-invalid={problems.has(`info.${index}.${part}`)}
                        onChange={(e) => {
                          setInfo(index, { [part]: e.target.value });
                        }}
                      />
                    ) : (
                      <textarea
                        className="input"
                        rows={part === 'description' ? 3 : 2}
                        lang={info.language}
                        dir="auto"
                        data-testid={`warning-${info.language}-${part}`}
                        value={info[part]}
                        aria-invalid={problems.has(`info.${index}.${part}`)}
                        onChange={(e) => {
                          setInfo(index, { [part]: e.target.value });
                        }}
                      />
                    )}
                  </Field>
                </Checked>
              ))}
            </fieldset>
          ))}
        </div>
        {EXTRA_LANGUAGES.some((language) => !usedLanguages.has(language.tag)) && (
          <SelectField
            label={t('warnings.form.addLanguage')}
            isInline
            value=""
            options={[
              { value: '', label: '—' },
              ...EXTRA_LANGUAGES.filter((language) => !usedLanguages.has(language.tag)).map((language) => ({
                value: language.tag,
                label: language.name,
              })),
            ]}
            onChange={(tag) => {
              if (tag !== '')
                set({
                  infos: [...form.infos, { language: tag, headline: '', description: '', instruction: '' }],
                });
            }}
            testId="warning-add-language"
          />
        )}

        <fieldset className="warning-form__area">
          <legend>{t('warnings.form.area')}</legend>
          <div className="warning-form__modes" role="radiogroup">
            {AREA_MODES.map((mode) => (
              <label key={mode} className="check">
                <input
                  type="radio"
                  name="area-mode"
                  data-testid={`warning-area-${mode}`}
                  checked={form.areaMode === mode}
                  onChange={() => {
                    set({ areaMode: mode });
                  }}
                />
                {t(`warnings.form.areaMode.${mode}`)}
              </label>
            ))}
          </div>
          {problemOf('area') !== null && (
            <p className="field-problem" role="alert" data-testid="warning-area-problem">
              {problemOf('area')}
            </p>
          )}
          {form.areaMode === 'governorates' ? (
            <div className="warning-form__governorates">
              {GOVERNORATE_IDS.map((id) => (
                <label key={id} className="check">
                  <input
                    type="checkbox"
                    data-testid={`warning-governorate-${id}`}
                    checked={form.governorates.includes(id)}
                    onChange={(e) => {
                      set({
                        governorates: e.target.checked
                          ? [...form.governorates, id]
                          : form.governorates.filter((g) => g !== id),
                      });
                    }}
                  />
                  {governorateNames.get(id) ? text(governorateNames.get(id) as LocalizedText) : id}
                </label>
              ))}
            </div>
          ) : (
            <>
              <p className="muted">
                {form.areaMode === 'polygon'
                  ? t('warnings.form.polygonHint', { count: form.polygon.length })
                  : t('warnings.form.circleHint')}
              </p>
              <AreaPicker
                mode={form.areaMode}
                polygon={form.polygon}
                circleCenter={form.circleCenter}
                radiusKm={Number(form.radiusKm)}
                onClick={(position: Position) => {
                  setForm((previous) =>
                    previous.areaMode === 'polygon'
                      ? { ...previous, polygon: [...previous.polygon, position] }
                      : { ...previous, circleCenter: position },
                  );
                }}
              />
              <div className="warning-form__tools">
                {form.areaMode === 'polygon' ? (
                  <>
                    <Button
                      disabled={form.polygon.length === 0}
                      onClick={() => {
                        set({ polygon: form.polygon.slice(0, -1) });
                      }}
                    >
                      {t('warnings.form.undoPoint')}
                    </Button>
                    <Button
                      disabled={form.polygon.length === 0}
                      onClick={() => {
                        set({ polygon: [] });
                      }}
                    >
                      {t('warnings.form.clear')}
                    </Button>
                  </>
                ) : (
                  <Field label={t('warnings.form.radius')} isInline>
                    <input
                      className="input warning-form__radius"
                      type="number"
                      min="0.1"
                      max="1000"
                      step="0.1"
                      data-testid="warning-radius"
                      value={form.radiusKm}
                      onChange={(e) => {
                        set({ radiusKm: e.target.value });
                      }}
                    />
                  </Field>
                )}
              </div>
            </>
          )}
          <div className="warning-form__grid">
            {(['ar', 'en'] as const).map((language) => (
              <Checked key={language} problem={problemOf(`areaDescription.${language}`)}>
                <Field label={t(`warnings.form.areaDescription.${language}`)}>
                  <input
                    className="input"
                    lang={language}
                    dir="auto"
                    data-testid={`warning-area-description-${language}`}
                    value={form.areaDescription[language]}
                    aria-invalid={problems.has(`areaDescription.${language}`)}
                    onChange={(e) => {
                      set({ areaDescription: { ...form.areaDescription, [language]: e.target.value } });
                    }}
                  />
                </Field>
              </Checked>
            ))}
          </div>
        </fieldset>

        {dialog.kind === 'update' && (
          <Field label={t('warnings.form.note')}>
            <textarea
              className="input"
              rows={2}
              dir="auto"
              data-testid="warning-note"
              value={form.note}
              onChange={(e) => {
                set({ note: e.target.value });
              }}
            />
          </Field>
        )}

        {problems.size > 0 && (
          <p className="field-problem" role="alert" data-testid="warning-problems">
            {t('warnings.form.problems')}
          </p>
        )}
        {mutation.isError && (
          <p className="field-problem" role="alert" data-testid="warning-failed">
            {t('warnings.failed', { message: errorText(i18n, mutation.error) })}
          </p>
        )}
        <FormButtons
          submitLabel={t('warnings.form.submit')}
          cancelLabel={t('warnings.form.cancel')}
          submitTestId="warning-submit"
          isDisabled={mutation.isPending}
          onCancel={close}
        />
      </form>
    </Dialog>
  );
}

/** A field with its problem said under it (and tied to it for screen readers by being in its label's block). */
function Checked({ problem, children }: { problem: string | null; children: ReactNode }) {
  return (
    <div className={problem === null ? 'checked' : 'checked checked--invalid'}>
      {children}
      {problem !== null && (
        <p className="field-problem" data-testid="field-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
