import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  box: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowX: 'auto',
    margin: `${tokens.spacingVerticalXS} 0`,
    padding: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  line: { whiteSpace: 'pre', margin: 0 },
  added: { backgroundColor: tokens.colorPaletteGreenBackground2, color: tokens.colorNeutralForeground1 },
  removed: { backgroundColor: tokens.colorPaletteRedBackground2, color: tokens.colorNeutralForeground1 },
  hunk: { color: tokens.colorBrandForeground1 },
});

/** A unified diff, line by line, readable by screen readers as text. */
export function DiffViewer({ diff }: { diff: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.box} role="region" aria-label={t('ui.diff.label')} tabIndex={0}>
      {diff
        .replace(/\n$/, '')
        .split('\n')
        .map((line, i) => {
          const cls =
            line.startsWith('+++') || line.startsWith('---')
              ? ''
              : line.startsWith('+')
                ? styles.added
                : line.startsWith('-')
                  ? styles.removed
                  : line.startsWith('@@')
                    ? styles.hunk
                    : '';
          return (
            <pre key={i} className={`${styles.line} ${cls}`}>
              {line || ' '}
            </pre>
          );
        })}
    </div>
  );
}
