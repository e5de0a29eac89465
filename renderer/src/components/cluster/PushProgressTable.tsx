import { Badge, Caption1, makeStyles, ProgressBar, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { StatusIcon } from '../StatusIcon';
import { DataTable } from './DataTable';
import type { LinkState, PushRow } from './pushProgress';

const useStyles = makeStyles({
  status: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center' },
  errors: {
    whiteSpace: 'pre-wrap',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    margin: `${tokens.spacingVerticalXS} 0 0`,
  },
  progress: { minWidth: '140px' },
});

const LINK_BADGE: Record<LinkState, 'informative' | 'success' | 'danger' | 'subtle'> = {
  pending: 'subtle',
  waiting: 'informative',
  active: 'success',
  inactive: 'danger',
  'not-checked': 'subtle',
};

/** One line per chosen VM: its Prism Central task, its progress, its errors as Prism Central gave them, its link. */
export function PushProgressTable({ rows }: { rows: PushRow[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <section aria-labelledby="pc-push-heading" data-testid="pc-push-progress">
      <h3 id="pc-push-heading">{t('clusterPage.progress.title')}</h3>
      <DataTable
        label={t('clusterPage.progress.title')}
        columns={[t('clusterPage.vms.name'), t('clusterPage.progress.task'), t('clusterPage.progress.link')]}
      >
        {rows.map((row) => (
          <TableRow
            key={row.extId}
            data-testid="pc-push-row"
            data-vm={row.name}
            data-status={row.status}
            data-link={row.link}
          >
            <TableCell>{row.name}</TableCell>
            <TableCell>
              <div className={styles.status}>
                <StatusIcon status={row.status} />
                <span>{row.summary ?? row.label ?? t(`app.status.${row.status}`)}</span>
              </div>
              {row.percent !== undefined && (
                <ProgressBar
                  className={styles.progress}
                  value={row.percent / 100}
                  aria-label={t('clusterPage.progress.percent', { vm: row.name, percent: row.percent })}
                />
              )}
              {row.percent !== undefined && (
                <Caption1 data-testid="pc-push-percent">
                  {t('clusterPage.progress.percentValue', { percent: row.percent })}
                </Caption1>
              )}
              {row.errors && (
                <pre className={styles.errors} data-testid="pc-push-errors">
                  {row.errors}
                </pre>
              )}
              {row.remediation && (
                <Caption1 as="p">
                  <strong>{t('ui.job.whatToDo')}</strong> {row.remediation}
                </Caption1>
              )}
            </TableCell>
            <TableCell>
              <Badge appearance="tint" color={LINK_BADGE[row.link]} data-testid="pc-link">
                {t(`clusterPage.progress.linkStates.${row.link}`)}
              </Badge>
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
    </section>
  );
}
