import { makeStyles, tokens } from '@fluentui/react-components';

/** The fleet's small plain tables (readiness, unknown host keys): a scrolling box, full width, ruled rows. */
export const useFleetTableStyles = makeStyles({
  wrap: { maxHeight: '320px', overflowY: 'auto' },
  table: { borderCollapse: 'collapse', width: '100%' },
  cell: {
    textAlign: 'left',
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', fontSize: tokens.fontSizeBase200 },
});
