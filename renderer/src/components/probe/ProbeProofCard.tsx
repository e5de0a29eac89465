import { Caption1, Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ShieldCheckmark24Regular } from '@fluentui/react-icons';
import { Fragment, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProbeProof } from './probeProof';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL },
  sections: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalXXL,
  },
  heading: { fontSize: tokens.fontSizeBase400, margin: `0 0 ${tokens.spacingVerticalS}` },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: 'anywhere' },
  mono: { margin: 0, fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

/** The listener's certificate and its Identify answer, as facts a person can hand over. */
export function ProbeProofCard({ proof }: { proof: ProbeProof }) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeStyle: 'short' }),
    [i18n.language],
  );
  const date = (iso?: string) =>
    iso && !Number.isNaN(Date.parse(iso)) ? dateFormat.format(new Date(iso)) : t('ui.probe.proof.unknown');
  const yesNo = (v?: boolean) =>
    v === undefined ? t('ui.probe.proof.unknown') : v ? t('ui.probe.proof.yes') : t('ui.probe.proof.no');
  const cert = proof.certificate;
  const identify = proof.identify;
  const unknown = t('ui.probe.proof.unknown');
  const sections: { id: string; testId: string; heading: string; rows: Fact[] | undefined; empty: string }[] = [
    {
      id: 'proof-cert',
      testId: 'proof-certificate',
      heading: t('ui.probe.proof.certificate'),
      empty: t('ui.probe.proof.noCertificate'),
      rows: cert && [
        [t('ui.probe.proof.subject'), cert.subject ?? unknown],
        [t('ui.probe.proof.sans'), cert.sans.length ? cert.sans.join(', ') : t('ui.probe.proof.none')],
        [t('ui.probe.proof.issuer'), cert.issuer ?? unknown],
        [t('ui.probe.proof.validFrom'), <time dateTime={cert.notBefore}>{date(cert.notBefore)}</time>],
        [t('ui.probe.proof.validTo'), <time dateTime={cert.notAfter}>{date(cert.notAfter)}</time>],
        [t('ui.probe.proof.thumbprint'), cert.sha1Thumbprint ?? unknown, 'proof-thumbprint', true],
        [t('ui.probe.proof.selfSigned'), yesNo(cert.selfSigned), 'proof-self-signed'],
        [t('ui.probe.proof.hostMatch', { host: cert.hostName ?? '' }), yesNo(cert.hostNameMatches), 'proof-host-match'],
      ],
    },
    {
      id: 'proof-identify',
      testId: 'proof-identify',
      heading: t('ui.probe.proof.identify'),
      empty: t('ui.probe.proof.noIdentify'),
      rows: identify && [
        [t('ui.probe.proof.vendor'), identify.productVendor ?? unknown],
        [t('ui.probe.proof.version'), identify.productVersion ?? unknown],
        [t('ui.probe.proof.protocol'), identify.protocolVersion ?? unknown, undefined, true],
      ],
    },
  ];

  return (
    <Card className={styles.card} data-testid="probe-proof" aria-labelledby="probe-proof-title">
      <CardHeader
        image={<ShieldCheckmark24Regular />}
        header={
          <Text as="h3" id="probe-proof-title" weight="semibold" size={500}>
            {t('ui.probe.proof.title')}
          </Text>
        }
        description={<Caption1>{t('ui.probe.proof.intro')}</Caption1>}
      />
      <div className={styles.sections}>
        {sections.map(({ id, testId, heading, rows, empty }) => (
          <section key={id} aria-labelledby={id}>
            <h4 id={id} className={styles.heading}>
              {heading}
            </h4>
            {rows ? <Facts testId={testId} rows={rows} /> : <Caption1>{empty}</Caption1>}
          </section>
        ))}
      </div>
    </Card>
  );
}

/** A term, its value, the value's test id, and whether it is shown in monospace. */
type Fact = [term: string, value: ReactNode, testId?: string, mono?: boolean];

function Facts({ rows, testId }: { rows: Fact[]; testId: string }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts} data-testid={testId}>
      {rows.map(([term, value, valueTestId, mono]) => (
        <Fragment key={term}>
          <dt className={styles.term}>{term}</dt>
          <dd className={mono ? styles.mono : styles.value} data-testid={valueTestId}>
            {value}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}
