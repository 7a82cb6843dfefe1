import type { ButtonHTMLAttributes } from 'react';

/**
 * How a button weighs on the page: the one thing to do (`primary`), an ordinary action, a
 * destructive one (`danger`), a quiet word in a line of text (`text`) or a one-glyph tool
 * (`icon`, which must carry an `aria-label`).
 */
export type ButtonVariant = 'primary' | 'default' | 'danger' | 'text' | 'icon';

const VARIANT_CLASSES: Readonly<Record<ButtonVariant, string>> = {
  primary: 'button button--primary',
  default: 'button',
  danger: 'button button--danger',
  text: 'text-button',
  icon: 'icon-button',
};

/** A button of the kit: `type="button"` unless told otherwise, so it never submits a form by accident. */
export function Button({
  variant = 'default',
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; 'data-testid'?: string }) {
  const classes = className ? `${VARIANT_CLASSES[variant]} ${className}` : VARIANT_CLASSES[variant];
  return <button type={type} className={classes} {...props} />;
}

/**
 * The end of a small form: its submit button and Cancel. Disabled while the request is on its
 * way, so a second click does not send it twice.
 */
export function FormButtons({
  submitLabel,
  cancelLabel,
  submitTestId,
  isDisabled,
  onCancel,
}: {
  submitLabel: string;
  cancelLabel: string;
  submitTestId: string;
  isDisabled: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="subform__buttons">
      <Button type="submit" variant="primary" disabled={isDisabled} data-testid={submitTestId}>
        {submitLabel}
      </Button>
      <Button variant="text" onClick={onCancel}>
        {cancelLabel}
      </Button>
    </div>
  );
}
