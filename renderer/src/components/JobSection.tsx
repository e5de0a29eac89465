import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { JobControl } from '../state/useJob';
import { StartError } from './ErrorBar';
import { JobPanel } from './JobPanel';

const useStyles = makeStyles({
  job: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalL },
});

/**
 * Where every page shows its job: why it could not start, what the page adds
 * about the result (children: a proof, a changed host key), and the job panel
 * with cancel, prompts and report.
 */
export function JobSection({
  job,
  planNote,
  children,
}: {
  job: JobControl;
  planNote?: ReactNode;
  children?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <div className={styles.job}>
      <StartError error={job.startError} />
      {children}
      {job.view && <JobPanel job={job} view={job.view} planNote={planNote} />}
    </div>
  );
}
