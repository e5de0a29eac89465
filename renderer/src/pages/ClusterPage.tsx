import { Body1, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CertificateChangedAlert, certificateRefusedStep } from '../components/cluster/CertificateTrust';
import { PcConnectForm } from '../components/cluster/PcConnectForm';
import {
  EMPTY_PC_CONNECT,
  EMPTY_PC_PUSH,
  PC_CONNECT_FIELDS,
  PC_PUSH_FIELDS,
  pcPushRequest,
  pcVmsRequest,
  validatePcConnect,
  validatePcPush,
} from '../components/cluster/pcForms';
import { PcPushForm } from '../components/cluster/PcPushForm';
import { pushedSteps, pushRows } from '../components/cluster/pushProgress';
import { PushProgressTable } from '../components/cluster/PushProgressTable';
import { pushTargets, readVmRows } from '../components/cluster/vmRows';
import { VmTable } from '../components/cluster/VmTable';
import { JobSection } from '../components/JobSection';
import { PageIntro } from '../components/PageIntro';
import { useForm } from '../components/useForm';
import { useJob } from '../state/useJob';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    marginTop: tokens.spacingVerticalL,
  },
  narrow: { maxWidth: '760px' },
});

/**
 * "Push NGT from Prism Central": connect (the certificate trusted like an SSH
 * host key), list the VMs with their readiness, choose, push with the guest
 * account, follow each VM's tasks, and see Communication Link Active.
 */
export function ClusterPage({ onNavigate }: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const list = useJob(['pc-vms']);
  const push = useJob(['pc-push']);
  const connect = useForm(EMPTY_PC_CONNECT, validatePcConnect, PC_CONNECT_FIELDS);
  const pushForm = useForm(EMPTY_PC_PUSH, validatePcPush, PC_PUSH_FIELDS);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [noneChosen, setNoneChosen] = useState(false);
  const [pushed, setPushed] = useState<{ extId: string; name: string }[]>([]);

  const busy = list.running || push.running;
  const rows = list.view ? readVmRows(list.view.steps) : [];
  const targets = pushTargets(rows, chosen);

  const startList = () => {
    if (!connect.check()) return;
    setChosen(new Set());
    setNoneChosen(false);
    push.clear();
    void list.start(pcVmsRequest(connect.values));
  };

  const choose = (extId: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(extId);
    else next.delete(extId);
    setChosen(next);
    if (on) setNoneChosen(false);
  };

  const startPush = () => {
    if (targets.length === 0) {
      setNoneChosen(true);
      return;
    }
    if (!pushForm.check()) return;
    setPushed(targets.map((r) => ({ extId: r.extId, name: r.name })));
    void push.start(
      pcPushRequest(
        connect.values,
        pushForm.values,
        targets.map((r) => r.extId),
      ),
    );
  };

  const refused =
    (push.view && certificateRefusedStep(push.view.steps)) || (list.view && certificateRefusedStep(list.view.steps));
  return (
    <>
      <PageIntro title={t('clusterPage.title')} intro={t('clusterPage.intro')}>
        <Body1>{t('clusterPage.secretsNote')}</Body1>
      </PageIntro>
      <div className={styles.narrow}>
        <PcConnectForm form={connect} disabled={busy} connected={!!list.view} onConnect={startList} />
      </div>
      <div className={styles.section}>
        {refused && <CertificateChangedAlert step={refused} />}
        {rows.length > 0 && (
          <>
            <VmTable
              rows={rows}
              filter={filter}
              onFilter={setFilter}
              chosen={chosen}
              onChoose={choose}
              disabled={busy}
              onOpenLinux={() => onNavigate('linux')}
            />
            <div className={styles.narrow}>
              <PcPushForm
                form={pushForm}
                count={targets.length}
                disabled={busy}
                noneChosen={noneChosen}
                onPush={startPush}
              />
            </div>
          </>
        )}
        {list.view?.result && rows.length === 0 && !refused && list.view.result !== 'failed' && (
          <MessageBar intent="info" data-testid="pc-no-vms">
            <MessageBarBody>{t('clusterPage.vms.none')}</MessageBarBody>
          </MessageBar>
        )}
        {push.view && (
          <PushProgressTable rows={pushRows(push.view.steps, pushed.length ? pushed : pushedSteps(push.view.steps))} />
        )}
      </div>
      {push.view || push.startError ? <JobSection job={push} /> : <JobSection job={list} />}
    </>
  );
}
