import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n.js';
import { Button } from './Button.js';
import './ui.css';

/**
 * A modal dialog on the native `<dialog>`: the browser traps focus inside it, makes the page
 * behind inert and closes it on Escape; this adds a title that names it, a close button, and
 * gives the focus back to whatever had it before the dialog opened.
 */
export function Dialog({
  isOpen,
  title,
  onClose,
  className,
  testId,
  children,
}: {
  isOpen: boolean;
  title: string;
  onClose: () => void;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !isOpen) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      dialog.close();
      opener?.focus();
    };
  }, [isOpen]);

  if (!isOpen) return null;
  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      // Escape: the browser fires `cancel`; the parent decides, so its state stays the truth.
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="dialog__head">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <Button variant="icon" aria-label={t('details.close')} title={t('details.close')} onClick={onClose}>
          ×
        </Button>
      </header>
      {children}
    </dialog>
  );
}
