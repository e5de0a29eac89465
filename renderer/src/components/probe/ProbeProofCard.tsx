import { Caption1, Card, CardHeader, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ShieldCheckmark24Regular } from '@fluentui/react-icons';
import { useMemo } from 'react';
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
        <section aria-labelledby="proof-cert">
          <h4 id="proof-cert" className={styles.heading}>
            {t('ui.probe.proof.certificate')}
          </h4>
          {cert ? (
            <dl className={styles.facts} data-testid="proof-certificate">
              <dt className={styles.term}>{t('ui.probe.proof.subject')}</dt>
              <dd className={styles.value}>{cert.subject ?? unknown}</dd>
              <dt className={styles.term}>{t('ui.probe.proof.sans')}</dt>
              <dd className={styles.value}>{cert.sans.length ? cert.sans.join(', ') : t('ui.probe.proof.none')}</dd>
              <dt className={styles.term}>{t('ui.probe.proof.issuer')}</dt>
              <dd className={styles.value}>{cert.issuer ?? unknown}</dd>
              <dt className={styles.term}>{t('ui.probe.proof.validFrom')}</dt>
              <dd className={styles.value}>
                <time dateTime={cert.notBefore}>{date(cert.notBefore)}</time>
              </dd>
              <dt className={styles.term}>{t('ui.probe.proof.validTo')}</dt>
              <dd className={styles.value}>
                <time dateTime={cert.notAfter}>{date(cert.notAfter)}</time>
              </dd>
              <dt className={styles.term}>{t('ui.probe.proof.thumbprint')}</dt>
              <dd className={styles.mono} data-testid="proof-thumbprint">
                {cert.sha1Thumbprint ?? unknown}
              </dd>
              <dt className={styles.term}>{t('ui.probe.proof.selfSigned')}</dt>
              <dd className={styles.value} data-testid="proof-self-signed">
                {yesNo(cert.selfSigned)}
              </dd>
              <dt className={styles.term}>{t('ui.probe.proof.hostMatch', { host: cert.hostName ?? '' })}</dt>
              <dd className={styles.value} data-testid="proof-host-match">
                {yesNo(cert.hostNameMatches)}
              </dd>
            </dl>
          ) : (
            <Caption1>{t('ui.probe.proof.noCertificate')}</Caption1>
          )}
        </section>
        <section aria-labelledby="proof-identify">
          <h4 id="proof-identify" className={styles.heading}>
            {t('ui.probe.proof.identify')}
          </h4>
          {identify ? (
            <dl className={styles.facts} data-testid="proof-identify">
              <dt className={styles.term}>{t('ui.probe.proof.vendor')}</dt>
              <dd className={styles.value}>{identify.productVendor ?? unknown}</dd>
              <dt className={styles.term}>{t('ui.probe.proof.version')}</dt>
              <dd className={styles.value}>{identify.productVersion ?? unknown}</dd>
              <dt className={styles.term}>{t('ui.probe.proof.protocol')}</dt>
              <dd className={styles.mono}>{identify.protocolVersion ?? unknown}</dd>
            </dl>
          ) : (
            <Caption1>{t('ui.probe.proof.noIdentify')}</Caption1>
          )}
        </section>
      </div>
    </Card>
  );
}
