import { Button, Input, makeStyles, tokens, Switch } from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../main/ipc/contract';
import type { LogLine } from '../state/jobState';
import type { JobControl } from '../state/useJob';
import { ErrorBar } from './ErrorBar';
import { copiedLogText, screenLineCount, visibleLogLines } from '../state/logLines';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  log: {
    height: '260px',
    overflowY: 'auto',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalS,
    margin: `${tokens.spacingVerticalS} 0 0`,
    listStyle: 'none',
  },
  line: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  warn: { color: tokens.colorPaletteMarigoldForeground2 },
  error: { color: tokens.colorPaletteRedForeground1 },
  time: { color: tokens.colorNeutralForeground3, marginRight: tokens.spacingHorizontalS },
});

/** The live log: follows the tail unless paused, filterable, plain text for screen readers. */
export function LogPanel({
  lines,
  readAll,
}: {
  lines: LogLine[];
  /** The job's whole log from main, debug lines and stack traces included (they never reach the screen). */
  readAll: JobControl['readLog'];
}) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const [follow, setFollow] = useState(true);
  const [query, setQuery] = useState('');
  const ref = useRef<HTMLOListElement>(null);
  const [includeDebug, setIncludeDebug] = useState(false);
  const shown = useMemo(() => visibleLogLines(lines, query), [lines, query]);
  const time = useMemo(() => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }), [i18n.language]);

  useEffect(() => {
    if (follow && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [shown, follow]);

  const [copyError, setCopyError] = useState<IpcError | null>(null);

  const copy = async () => {
    setCopyError(null);
    if (!includeDebug) return navigator.clipboard?.writeText(copiedLogText(shown));
    const all = await readAll();
    if (all.ok) await navigator.clipboard?.writeText(copiedLogText(all.value.lines));
    else setCopyError(all.error);
  };

  return (
    <section aria-label={t('ui.log.title')}>
      <div className={styles.toolbar}>
        <h3 style={{ margin: 0 }}>{t('ui.log.title')}</h3>
        <Switch checked={follow} onChange={(_, d) => setFollow(d.checked)} label={t('ui.log.follow')} />
        <Input
          contentBefore={<Search20Regular />}
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          placeholder={t('ui.log.search')}
          aria-label={t('ui.log.search')}
        />
        <Switch
          checked={includeDebug}
          onChange={(_, d) => setIncludeDebug(d.checked)}
          label={t('ui.log.includeDebug')}
        />
        <Button onClick={() => void copy()} disabled={!includeDebug && !shown.length}>
          {t('ui.log.copy')}
        </Button>
        <span aria-live="off">{t('ui.log.count', { shown: shown.length, total: screenLineCount(lines) })}</span>
      </div>
      <ErrorBar
        error={copyError}
        titleKey="ui.log.copyFailed"
        nextKey="ui.log.copyFailedNext"
        testId="log-copy-error"
      />
      <ol ref={ref} className={styles.log} tabIndex={0} aria-label={t('ui.log.lines')} data-testid="log-lines">
        {shown.map((l) => (
          <li
            key={l.seq}
            className={`${styles.line} ${l.level === 'warn' ? styles.warn : l.level === 'error' ? styles.error : ''}`}
          >
            <span className={styles.time}>{time.format(new Date(l.at))}</span>
            {l.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
