import { Body1, makeStyles, Title2, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  intro: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
  },
});

/** A page's heading, its introduction and whatever must be read before the form (notes, warnings). */
export function PageIntro({ title, intro, children }: { title: string; intro: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.intro}>
      <Title2 as="h2">{title}</Title2>
      <Body1>{intro}</Body1>
      {children}
    </div>
  );
}
