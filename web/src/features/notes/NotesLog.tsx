import './notes.css';
import type { Incident } from '@mirsad/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type SyntheticEvent, type KeyboardEvent } from 'react';
import { errorText } from '../../i18n/errorText.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useIncidentViewStore } from '../incidents/store.js';
import { useAddNoteMutation } from './mutations.js';
import { noteQueries } from './queries.js';

/**
 * The incident's live log: every note, oldest first, each with who wrote it and when, and a
 * field to add one (Enter sends, Shift+Enter breaks the line). Notes are plain text.
 */
export function NotesLog({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const i18n = useI18n();
  const { t, shortTime, dateTime } = i18n;
  const notes = useQuery(noteQueries.of(incident.id));
  const addNote = useAddNoteMutation(incident.id);
  const [draft, setDraft] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const panelRequest = useIncidentViewStore((state) => state.panelRequest);
  const titleId = useId();
  const count = notes.data?.length ?? 0;

  // The newest note is at the end: keep it in view as notes arrive.
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [count]);

  useEffect(() => {
    if (panelRequest?.target === 'notes') inputRef.current?.focus();
  }, [panelRequest]);

  const submit = (): void => {
    const text = draft.trim();
    if (text === '' || addNote.isPending) return;
    addNote.mutate(text, {
      onSuccess: () => {
        setDraft('');
      },
    });
  };
  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <section className="panel-section notes" aria-labelledby={titleId}>
      <h3 id={titleId} className="panel-section__title">
        {t('notes.title')}
        {count > 0 && <span className="panel-section__count">{i18n.number(count)}</span>}
      </h3>
      {notes.isPending && <p className="muted">{t('notes.loading')}</p>}
      {notes.isError && (
        <p className="form-message" role="alert">
          {errorText(i18n, notes.error)}
        </p>
      )}
      {notes.isSuccess && count === 0 && <p className="muted">{t('notes.empty')}</p>}
      {count > 0 && (
        <ol className="notes__list" ref={listRef} aria-live="polite">
          {notes.data?.map((note) => (
            <li key={note.id} className="note" data-testid="note-item" data-note-id={note.id}>
              <div className="note__meta">
                <span className="note__author">
                  <bdi>{note.author.displayName}</bdi>
                </span>
                <time dateTime={note.at} title={dateTime(note.at)}>
                  {shortTime(note.at)}
                </time>
              </div>
              <p className="note__text">
                <bdi>{note.text}</bdi>
              </p>
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <form className="notes__form" onSubmit={onSubmit}>
          <textarea
            ref={inputRef}
            className="textarea"
            data-testid="note-input"
            aria-label={t('notes.inputLabel')}
            placeholder={t('notes.placeholder')}
            rows={2}
            maxLength={2000}
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value);
            }}
            onKeyDown={onKeyDown}
          />
          <button
            type="submit"
            className="button button--primary"
            data-testid="note-submit"
            disabled={draft.trim() === '' || addNote.isPending}
          >
            {t('notes.submit')}
          </button>
          {addNote.isError && (
            <p className="form-message" role="alert">
              {errorText(i18n, addNote.error)}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
