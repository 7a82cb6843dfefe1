import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { SHORTCUTS } from './shortcuts.js';
import { setHelpOpen, useShortcutStore } from './store.js';

/** The keyboard help overlay (`?`): every shortcut and what it does. */
export function ShortcutHelp() {
  const { t } = useI18n();
  const isOpen = useShortcutStore((state) => state.isHelpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (isOpen) closeRef.current?.focus();
  }, [isOpen]);

  if (!isOpen) return null;
  return (
    <div
      className="overlay"
      onClick={(event) => {
        if (event.target === event.currentTarget) setHelpOpen(false);
      }}
    >
      <section
        className="help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        data-testid="shortcut-help"
      >
        <div className="help__head">
          <h2 id="help-title">{t('help.title')}</h2>
          <button
            ref={closeRef}
            type="button"
            className="icon-button"
            aria-label={t('details.close')}
            title={t('details.close')}
            onClick={() => {
              setHelpOpen(false);
            }}
          >
            ×
          </button>
        </div>
        <dl className="help__list">
          {SHORTCUTS.map(({ keys, action }) => (
            <div key={action} className="help__row">
              <dt>
                {keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </dt>
              <dd>{t(`help.${action}`)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">{t('help.note')}</p>
      </section>
    </div>
  );
}
