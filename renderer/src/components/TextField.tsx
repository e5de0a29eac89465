import { Field, Input, makeStyles, Textarea, tokens } from '@fluentui/react-components';
import type { Form, TextKey } from './useForm';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

/** A labelled text input bound to one field of a useForm form: its value, its message, its focus. */
export function TextField<V>({
  form,
  name,
  label,
  hint,
  required,
  kind = 'text',
  mono,
  autoComplete = 'off',
}: {
  form: Form<V>;
  name: TextKey<V>;
  label?: string;
  hint?: string;
  required?: boolean;
  /** 'secret' hides what is typed; 'number' asks for a numeric keyboard; 'lines' is a resizable text area. */
  kind?: 'text' | 'secret' | 'number' | 'lines';
  mono?: boolean;
  autoComplete?: string;
}) {
  const styles = useStyles();
  const common = {
    ref: form.ref(name),
    name,
    className: mono ? styles.mono : undefined,
    spellCheck: false,
    value: form.values[name] as string,
    onChange: (_: unknown, d: { value: string }) => form.set(name, d.value as V[typeof name]),
  };
  return (
    <Field label={label} hint={hint} required={required} validationMessage={form.message(name)}>
      {kind === 'lines' ? (
        <Textarea {...common} resize="vertical" />
      ) : (
        <Input
          {...common}
          type={kind === 'secret' ? 'password' : 'text'}
          inputMode={kind === 'number' ? 'numeric' : undefined}
          autoComplete={autoComplete}
        />
      )}
    </Field>
  );
}
