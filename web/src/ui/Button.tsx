import type { ButtonHTMLAttributes } from 'react';

/** How a button weighs on the page: the one thing to do, an ordinary action, or a destructive one. */
export type ButtonVariant = 'primary' | 'default' | 'danger';

const VARIANT_CLASSES: Readonly<Record<ButtonVariant, string>> = {
  primary: 'button button--primary',
  default: 'button',
  danger: 'button button--danger',
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
