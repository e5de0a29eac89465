import type { ComponentProps } from 'react';
import { useFormStyles } from './formStyles';
import { TextField } from './TextField';
import type { Form } from './useForm';

/** One text field of a row: what TextField takes besides the form. */
export type TextFieldSpec<V> = Omit<ComponentProps<typeof TextField<V>>, 'form'>;

/** Text fields side by side in one of the form layouts (formStyles.ts): wide and narrow, or two equal columns. */
export function TextFieldRow<V>({
  form,
  layout,
  fields,
}: {
  form: Form<V>;
  layout: 'row' | 'two';
  fields: TextFieldSpec<V>[];
}) {
  const styles = useFormStyles();
  return (
    <div className={styles[layout]}>
      {fields.map((field) => (
        <TextField key={field.name} form={form} {...field} />
      ))}
    </div>
  );
}
