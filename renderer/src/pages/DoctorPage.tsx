import { Button } from '@fluentui/react-components';
import { Play20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { JobSection } from '../components/JobSection';
import { PageIntro } from '../components/PageIntro';
import { useJob } from '../state/useJob';
import { PAGE_JOB_KINDS } from './pageJobKinds';
import type { PageProps } from './pageProps';

export function DoctorPage(_props: PageProps) {
  const { t } = useTranslation();
  const job = useJob(PAGE_JOB_KINDS.doctor);
  return (
    <>
      <PageIntro title={t('ui.home.doctor.title')} intro={t('ui.doctor.intro')}>
        <div>
          <Button
            appearance="primary"
            icon={<Play20Regular />}
            disabled={job.running}
            onClick={() => void job.start({ kind: 'doctor', params: {} })}
          >
            {job.view ? t('ui.doctor.runAgain') : t('ui.doctor.run')}
          </Button>
        </div>
      </PageIntro>
      <JobSection job={job} />
    </>
  );
}
