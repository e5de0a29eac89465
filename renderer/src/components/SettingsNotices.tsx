import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { SettingsNotice } from '../../../main/ipc/contract';

/** Says so when the stored settings were damaged or unreadable at start (main/app/settingsStore.ts). */
export function SettingsNotices({ notices }: { notices: readonly SettingsNotice[] }) {
  const { t } = useTranslation();
  return (
    <>
      {notices.map((notice, i) => (
        <MessageBar key={i} intent="warning" data-testid="settings-notice" data-code={notice.code}>
          <MessageBarBody>
            <MessageBarTitle>{t('ui.settingsNotice.title')}</MessageBarTitle>
            {notice.code === 'SETTINGS_UNREADABLE'
              ? t('ui.settingsNotice.unreadable', { file: notice.file, detail: notice.detail })
              : notice.keptAs
                ? t('ui.settingsNotice.kept', { keptAs: notice.keptAs })
                : t('ui.settingsNotice.notKept', { file: notice.file, detail: notice.detail })}
          </MessageBarBody>
        </MessageBar>
      ))}
    </>
  );
}
