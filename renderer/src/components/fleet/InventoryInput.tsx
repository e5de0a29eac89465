import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { DocumentSearch20Regular } from '@fluentui/react-icons';
import { useId, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const INVENTORY_FORMAT_CHOICES = ['auto', 'ansible-ini', 'ansible-yaml', 'csv', 'json', 'list'] as const;
export type InventoryFormatChoice = (typeof INVENTORY_FORMAT_CHOICES)[number];

/** What the person gave: the inventory text, where it came from, and the fleet-wide options. */
export interface InventoryDraft {
  /** prismCentral: the hosts are Prism Central's VMs (the form in `prismCentral`), not a text. */
  source: 'paste' | 'file' | 'prismCentral';
  text: string;
  /** The picked file's name (problems name it). */
  fileName?: string;
  format: InventoryFormatChoice;
  limit: string;
  user: string;
  keyPath: string;
  /** `[user@]bastion[:port]` for every host (over ~/.ssh/config's ProxyJump). */
  proxyJump: string;
  /** Hosts go through the person's ~/.ssh/config, as `ssh` and `fleet install` do. */
  useSshConfig: boolean;
  forks: string;
}

export const EMPTY_DRAFT: InventoryDraft = {
  source: 'paste',
  text: '',
  format: 'auto',
  limit: '',
  user: '',
  keyPath: '',
  proxyJump: '',
  useSshConfig: true,
  forks: '10',
};

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

/**
 * Paste a host list, import an inventory file or take Prism Central's VMs, with --limit, the default login and
 * forks; then check it. The Prism Central form (its own submit finds and checks the hosts) comes from the page.
 */
export function InventoryInput({
  draft,
  onChange,
  onCheck,
  disabled,
  prismCentral,
}: {
  draft: InventoryDraft;
  onChange: (draft: InventoryDraft) => void;
  onCheck: () => void;
  disabled: boolean;
  prismCentral: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const fileId = useId();
  const set = (patch: Partial<InventoryDraft>) => onChange({ ...draft, ...patch });
  const fromText = draft.source !== 'prismCentral';

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    set({ source: 'file', text: await file.text(), fileName: file.name });
  };

  return (
    <section className={styles.root} aria-labelledby={`${fileId}-title`}>
      <h3 id={`${fileId}-title`} style={{ margin: 0 }}>
        {t('fleetBoard.inventory.title')}
      </h3>
      <RadioGroup
        layout="horizontal"
        value={draft.source}
        aria-label={t('fleetBoard.inventory.source')}
        onChange={(_, d) => set({ source: d.value as InventoryDraft['source'] })}
      >
        <Radio value="paste" label={t('fleetBoard.inventory.paste')} disabled={disabled} />
        <Radio value="file" label={t('fleetBoard.inventory.file')} disabled={disabled} />
        <Radio value="prismCentral" label={t('fleetBoard.inventory.prismCentral')} disabled={disabled} />
      </RadioGroup>
      {draft.source === 'file' && (
        <Field label={t('fleetBoard.inventory.fileLabel')} hint={t('fleetBoard.inventory.fileHint')}>
          {(control) => (
            <input
              {...control}
              type="file"
              accept=".ini,.cfg,.yml,.yaml,.csv,.json,.txt,text/plain"
              disabled={disabled}
              data-testid="inventory-file"
              onChange={(e) => void pick(e)}
            />
          )}
        </Field>
      )}
      {fromText && (
        <Field
          label={
            draft.source === 'file'
              ? t('fleetBoard.inventory.fileText', { file: draft.fileName ?? '' })
              : t('fleetBoard.inventory.pasteLabel')
          }
          hint={draft.source === 'paste' ? t('fleetBoard.inventory.pasteHint') : undefined}
        >
          <Textarea
            className={styles.mono}
            value={draft.text}
            rows={8}
            resize="vertical"
            spellCheck={false}
            disabled={disabled}
            onChange={(_, d) => set({ text: d.value })}
          />
        </Field>
      )}
      <div className={styles.row}>
        {fromText && (
          <Field label={t('fleetBoard.inventory.format')}>
            <Select
              value={draft.format}
              disabled={disabled}
              onChange={(_, d) => set({ format: d.value as InventoryFormatChoice })}
            >
              {INVENTORY_FORMAT_CHOICES.map((f) => (
                <option key={f} value={f}>
                  {t(`fleetBoard.format.${f}`)}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field label={t('fleetBoard.inventory.limit')} hint={t('fleetBoard.inventory.limitHint')}>
          <Input value={draft.limit} disabled={disabled} onChange={(_, d) => set({ limit: d.value })} />
        </Field>
        <Field label={t('fleetBoard.inventory.user')} hint={t('fleetBoard.inventory.userHint')}>
          <Input
            value={draft.user}
            disabled={disabled}
            autoComplete="off"
            onChange={(_, d) => set({ user: d.value })}
          />
        </Field>
        <Field label={t('fleetBoard.inventory.keyPath')} hint={t('fleetBoard.inventory.keyPathHint')}>
          <Input value={draft.keyPath} disabled={disabled} onChange={(_, d) => set({ keyPath: d.value })} />
        </Field>
        <Field label={t('fleetBoard.inventory.proxyJump')} hint={t('fleetBoard.inventory.proxyJumpHint')}>
          <Input
            value={draft.proxyJump}
            disabled={disabled}
            autoComplete="off"
            spellCheck={false}
            onChange={(_, d) => set({ proxyJump: d.value })}
          />
        </Field>
        <Field label={t('fleetBoard.inventory.forks')} hint={t('fleetBoard.inventory.forksHint')}>
          <Input
            value={draft.forks}
            inputMode="numeric"
            disabled={disabled}
            onChange={(_, d) => set({ forks: d.value })}
          />
        </Field>
      </div>
      <Field hint={t('fleetBoard.inventory.sshConfigHint')}>
        <Checkbox
          checked={draft.useSshConfig}
          disabled={disabled}
          onChange={(_, d) => set({ useSshConfig: d.checked === true })}
          label={t('fleetBoard.inventory.sshConfig')}
        />
      </Field>
      {fromText ? (
        <div>
          <Button
            appearance="primary"
            icon={<DocumentSearch20Regular />}
            disabled={disabled || draft.text.trim() === ''}
            onClick={onCheck}
          >
            {t('fleetBoard.inventory.check')}
          </Button>
        </div>
      ) : (
        prismCentral
      )}
    </section>
  );
}
