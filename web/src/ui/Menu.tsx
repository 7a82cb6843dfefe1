import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A button that opens a panel beneath it (the person's menu, the exercises one works in), and
 * closes it as menus do: the button again, a click or tap elsewhere, or Escape, which gives the
 * focus back to the button so a keyboard user is not left nowhere. The panel is a disclosure
 * (`aria-expanded`/`aria-controls`), not an ARIA `menu`: it holds links, text and buttons that
 * Tab reaches in order, which a `role="menu"` with arrow-key roving would hide.
 */
export function Menu({
  button,
  buttonClassName,
  buttonTestId,
  buttonLabel,
  className,
  panelClassName,
  panelElement = 'div',
  children,
}: {
  /** What the button shows. */
  button: ReactNode;
  buttonClassName: string;
  buttonTestId?: string;
  /** The button's accessible name when what it shows is not words enough. */
  buttonLabel?: string;
  className: string;
  panelClassName: string;
  /** `ul` when the panel is a list of links. */
  panelElement?: 'div' | 'ul';
  /** The panel's content. */
  children: ReactNode;
}) {
  const [isOpen, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!isOpen) return;
    const onPointer = (event: PointerEvent): void => {
      if (!rootRef.current?.contains(event.target as Node | null)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      // Escape closes the menu, not the incident behind it (the shortcuts skip handled keys).
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [isOpen]);

  const Panel = panelElement;
  return (
    <div className={className} ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={buttonClassName}
        data-testid={buttonTestId}
        aria-label={buttonLabel}
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => {
          setOpen(!isOpen);
        }}
      >
        {button}
      </button>
      {isOpen && (
        <Panel className={panelClassName} id={panelId}>
          {children}
        </Panel>
      )}
    </div>
  );
}
