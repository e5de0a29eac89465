import { Button } from '@fluentui/react-components';
import type { FormEvent, ReactElement, ReactNode } from 'react';
import { useFormStyles } from './formStyles';

/**
 * A wizard form's frame: the labelled form, its fieldset (disabled while a job
 * runs), the legend, the fields, and the submit button. Enter in a field submits;
 * the browser's own validation is off (the form model checks, useForm.ts).
 */
export function FormFrame({
  legend,
  testId,
  disabled,
  onSubmit,
  submitLabel,
  submitIcon,
  children,
}: {
  legend: string;
  testId: string;
  disabled: boolean;
  onSubmit: () => void;
  submitLabel: string;
  submitIcon?: ReactElement;
  children: ReactNode;
}) {
  const styles = useFormStyles();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={legend} data-testid={testId}>
      <fieldset className={styles.form} disabled={disabled}>
        <legend className={styles.legend}>{legend}</legend>
        {children}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={submitIcon}>
            {submitLabel}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
