import { Button, Field, makeStyles, Switch, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError, WindowsApplyOptionsInput } from '../../../../main/ipc/contract';
import { useWindowsExport } from '../../state/useWindowsExport';
import { downloadFile } from '../download';
import { ErrorBar } from '../ErrorBar';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
});

/** Golden-image switch and the Export button: asks main for the .ps1 and saves it. */
export function ExportScript({
  goldenImage,
  onGoldenImage,
  options,
}: {
  goldenImage: boolean;
  onGoldenImage: (value: boolean) => void;
  /** Valid options, or null when the form has errors (they are shown by the form). */
  options: () => WindowsApplyOptionsInput | null;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const exportScript = useWindowsExport();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const run = async () => {
    setError(null);
    setSaved(null);
    const chosen = options();
    if (!chosen) return;
    setBusy(true);
    try {
      const result = await exportScript({ options: chosen, goldenImage });
      if (result.ok) {
        downloadFile(result.value);
        setSaved(result.value.fileName);
      } else setError(result.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.root}>
      <Field hint={t('ui.windows.options.goldenImageHint')}>
        <Switch
          checked={goldenImage}
          label={t('ui.windows.options.goldenImage')}
          onChange={(_, d) => onGoldenImage(d.checked)}
        />
      </Field>
      <Button appearance="primary" icon={<ArrowDownload20Regular />} disabled={busy} onClick={() => void run()}>
        {t('ui.windows.export')}
      </Button>
      <div role="status" aria-live="polite">
        {saved && t('ui.windows.exported', { fileName: saved })}
      </div>
      <ErrorBar error={error} titleKey="ui.windows.exportFailed" testId="export-error" />
    </div>
  );
}
