/**
 * The one way a wizard form keeps its values, shows its checks and moves the
 * focus to the first field in error. The checks themselves stay pure in each
 * form's model (linuxForm.ts, windowsOptions.ts, probeForm.ts); this hook only
 * holds their result: an error disappears as soon as its field is edited into
 * shape, and new errors appear on the next check().
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A message key, or a key with its parameters. */
export type FieldMessage = string | { key: string; params?: Record<string, unknown> };
export type FormErrors<F extends string> = Partial<Record<F, FieldMessage>>;

/** The names of a form's text fields (what TextField can bind). */
export type TextKey<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

export interface Form<V> {
  values: V;
  change(next: V): void;
  set<K extends keyof V>(key: K, value: V[K]): void;
  /** The translated message of a field in error, if it is. */
  message(field: string): string | undefined;
  /** Registers a field's element so check() can focus it. */
  ref(field: string): (element: HTMLElement | null) => void;
  /** Runs the checks, shows what they found and focuses the first field in error; true when none. */
  check(): boolean;
}

export function useForm<V extends object, F extends string>(
  initial: V,
  validate: (values: V) => FormErrors<F>,
  /** The fields in screen order, so the first error takes the focus. */
  fields: readonly F[],
): Form<V> {
  const { t } = useTranslation();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FormErrors<F>>({});
  const elements = useRef<Partial<Record<string, HTMLElement | null>>>({});

  const change = (next: V) => {
    setValues(next);
    if (Object.keys(errors).length) {
      const now = validate(next);
      setErrors(Object.fromEntries(Object.entries(errors).filter(([field]) => now[field as F])) as FormErrors<F>);
    }
  };
  return {
    values,
    change,
    set: (key, value) => change({ ...values, [key]: value }),
    message(field) {
      const error = errors[field as F];
      if (error === undefined) return undefined;
      return typeof error === 'string' ? t(error) : t(error.key, error.params);
    },
    ref: (field) => (element) => {
      elements.current[field] = element;
    },
    check() {
      const found = validate(values);
      setErrors(found);
      const first = fields.find((f) => found[f]);
      if (first) elements.current[first]?.focus();
      return !first;
    },
  };
}
