import './shortcuts.css';
import { useI18n } from '../../i18n/useI18n.js';
import { Dialog } from '../../ui/Dialog.js';
import { SHORTCUTS } from './shortcuts.js';
import { setHelpOpen, useShortcutStore } from './store.js';

/** The keyboard help (`?`): every shortcut and what it does, in a modal dialog. */
export function ShortcutHelp() {
  const { t } = useI18n();
  const isOpen = useShortcutStore((state) => state.isHelpOpen);
  return (
    <Dialog
      isOpen={isOpen}
      title={t('help.title')}
      className="help"
      testId="shortcut-help"
      onClose={() => {
        setHelpOpen(false);
      }}
    >
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
    </Dialog>
  );
}
