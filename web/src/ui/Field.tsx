import type { ReactNode, SelectHTMLAttributes } from 'react';

/**
 * A labelled control: the label wraps the control, so a click on the words focuses it and a
 * screen reader names it, with no ids to pair. `inline` puts the label beside the control.
 */
export function Field({
  label,
  isInline = false,
  className,
  children,
}: {
  label: ReactNode;
  isInline?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const classes = ['field', isInline ? 'field--inline' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <label className={classes}>
      <span className="field__label">{label}</span>
      {children}
    </label>
  );
}

/** One choice of a SelectField. */
export interface SelectOption<T extends string | number> {
  value: T;
  label: string;
}

/**
 * A labelled `<select>` of typed values: `onChange` receives the option's own value (a
 * number stays a number), never the DOM's string.
 */
export function SelectField<T extends string | number>({
  label,
  value,
  options,
  onChange,
  isInline,
  className,
  testId,
  ...rest
}: {
  label: ReactNode;
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
  isInline?: boolean;
  className?: string;
  testId?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'className'>) {
  return (
    <Field label={label} isInline={isInline ?? false} {...(className === undefined ? {} : { className })}>
      <select
        {...rest}
        className="select"
        data-testid={testId}
        value={String(value)}
        onChange={(event) => {
          const chosen = options.find((option) => String(option.value) === event.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
