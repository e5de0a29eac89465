import { makeStyles } from '@fluentui/react-components';

/** Text for screen readers only (live regions): in the page, out of sight. */
export const useScreenReaderOnlyStyles = makeStyles({
  srOnly: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});
