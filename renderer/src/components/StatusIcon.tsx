import { Spinner, tokens } from '@fluentui/react-components';
import {
  CheckmarkCircle20Filled,
  Circle20Regular,
  DismissCircle20Filled,
  SubtractCircle20Regular,
  Warning20Filled,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { StepStatus } from '../../../main/engine/types';

export function StatusIcon({ status }: { status: StepStatus }) {
  const { t } = useTranslation();
  const label = t(`app.status.${status}`);
  switch (status) {
    case 'running':
      return <Spinner size="extra-tiny" aria-label={label} />;
    case 'ok':
      return (
        <CheckmarkCircle20Filled role="img" aria-label={label} primaryFill={tokens.colorPaletteGreenForeground1} />
      );
    case 'warn':
      return <Warning20Filled role="img" aria-label={label} primaryFill={tokens.colorPaletteMarigoldForeground1} />;
    case 'fail':
      return <DismissCircle20Filled role="img" aria-label={label} primaryFill={tokens.colorPaletteRedForeground1} />;
    case 'skipped':
      return <SubtractCircle20Regular role="img" aria-label={label} />;
    default:
      return <Circle20Regular role="img" aria-label={label} />;
  }
}
