import { Body1, Button, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { Play20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { JobPanel, StartError } from '../components/JobPanel';
import { useJob } from '../state/useJob';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
  intro: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
  },
});

export function DoctorPage(_props: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const job = useJob();
  const running = job.view && !job.view.result;
  return (
    <>
      <div className={styles.intro}>
        <Title2 as="h2">{t('ui.home.doctor.title')}</Title2>
        <Body1>{t('ui.doctor.intro')}</Body1>
        <div>
          <Button
            appearance="primary"
            icon={<Play20Regular />}
            disabled={!!running}
            onClick={() => void job.start({ kind: 'doctor', params: {} })}
          >
            {job.view ? t('ui.doctor.runAgain') : t('ui.doctor.run')}
          </Button>
        </div>
        <StartError error={job.startError} />
      </div>
      {job.view && (
        <JobPanel view={job.view} onCancel={() => void job.cancel()} onAnswer={(id, a) => void job.answer(id, a)} />
      )}
    </>
  );
}
