import { Body1, Field, Input } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

/** The VM table's name filter, and how many rows it leaves (announced politely as it changes). */
export function NameFilter({
  value,
  onChange,
  shown,
  total,
}: {
  value: string;
  onChange: (text: string) => void;
  shown: number;
  total: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('clusterPage.vms.filter')} style={{ maxWidth: '360px' }}>
        <Input value={value} onChange={(_, d) => onChange(d.value)} type="search" spellCheck={false} />
      </Field>
      <Body1 aria-live="polite">{t('clusterPage.vms.count', { shown, total })}</Body1>
    </>
  );
}
