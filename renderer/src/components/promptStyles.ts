import { makeStyles, tokens } from '@fluentui/react-components';

/** How a job's question lays out the facts to check (host keys, certificates): a term list and a fingerprint. */
export const usePromptFactStyles = makeStyles({
  fingerprint: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', fontSize: tokens.fontSizeBase300 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    wordBreak: 'break-word',
  },
});
