import { Button, makeStyles, mergeClasses, ProgressBar, tokens } from '@fluentui/react-components';
import { ArrowSortDown16Regular, ArrowSortUp16Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostRow, SortKey, SortOrder } from '../../state/fleetBoardState';
import { FleetStatusIcon } from './FleetStatusIcon';

const ROW_HEIGHT = 40;
const COLUMNS: SortKey[] = ['name', 'address', 'os', 'phase', 'status', 'lastMessage', 'durationMs'];
const GRID = 'minmax(120px, 1.2fr) minmax(110px, 1fr) 70px 90px 120px minmax(160px, 2.5fr) 80px';

const useStyles = makeStyles({
  grid: { border: `1px solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium },
  header: {
    display: 'grid',
    gridTemplateColumns: GRID,
    backgroundColor: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  headerCell: { display: 'flex', alignItems: 'center', padding: `0 ${tokens.spacingHorizontalXS}` },
  body: { height: '420px', overflowY: 'auto', position: 'relative' },
  row: {
    display: 'grid',
    gridTemplateColumns: GRID,
    alignItems: 'center',
    position: 'absolute',
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  cell: {
    padding: `0 ${tokens.spacingHorizontalS}`,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  status: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  progress: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  progressBar: { width: '72px', flexShrink: 0 },
  progressText: { overflow: 'hidden', textOverflow: 'ellipsis' },
  empty: { padding: tokens.spacingVerticalL },
});

/**
 * The hosts, one row each, only the visible rows in the page (500 hosts stay
 * smooth). A grid: Tab reaches the selected row, the arrows, Home and End
 * move, Enter or Space selects; each column header sorts.
 */
export function HostTable({
  rows,
  total,
  sort,
  onSort,
  selected,
  onSelect,
}: {
  rows: HostRow[];
  /** Hosts before the filter (the grid's row count says how many are shown). */
  total: number;
  sort: SortOrder;
  onSort: (sort: SortOrder) => void;
  selected?: string;
  onSelect: (host: string) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const bodyRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => bodyRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const selectedIndex = Math.max(
    0,
    rows.findIndex((r) => r.name === selected),
  );

  const focusRow = (index: number) => {
    const i = Math.min(rows.length - 1, Math.max(0, index));
    virtualizer.scrollToIndex(i);
    onSelect(rows[i]!.name);
    // The row is rendered once scrolled to; focus it on the next frame.
    requestAnimationFrame(() => {
      const row = bodyRef.current?.querySelector(`[data-index="${i}"]`);
      if (row instanceof HTMLElement) row.focus();
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number) => {
    const page = Math.max(1, Math.floor((bodyRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(rows[index]!.name);
    }
  };

  const header = (key: SortKey) => {
    const active = sort.key === key;
    return (
      <div key={key} role="columnheader" aria-sort={active ? sort.direction : 'none'} className={styles.headerCell}>
        <Button
          appearance="transparent"
          size="small"
          icon={
            active ? sort.direction === 'ascending' ? <ArrowSortUp16Regular /> : <ArrowSortDown16Regular /> : undefined
          }
          iconPosition="after"
          onClick={() =>
            onSort({ key, direction: active && sort.direction === 'ascending' ? 'descending' : 'ascending' })
          }
        >
          {t(`fleetBoard.table.${key}`)}
        </Button>
      </div>
    );
  };

  // The running step's own words (e.g. "Installing NGT: task RUNNING 40%"), else its percent.
  const progressText = (row: HostRow) =>
    row.status === 'running' && row.progress
      ? (row.progress.label ?? t('fleetBoard.table.percent', { percent: row.progress.percent }))
      : undefined;

  const duration = (ms?: number) =>
    ms === undefined ? '' : t('fleetBoard.table.seconds', { seconds: (ms / 1000).toFixed(1) });

  return (
    <div
      role="grid"
      aria-label={t('fleetBoard.table.label')}
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      className={styles.grid}
      data-testid="fleet-hosts"
      data-total={total}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.header}>
          {COLUMNS.map(header)}
        </div>
      </div>
      <div ref={bodyRef} className={styles.body} role="rowgroup">
        {rows.length === 0 && (
          <div role="row" aria-rowindex={2} className={styles.empty}>
            <div role="gridcell">{t('fleetBoard.table.empty')}</div>
          </div>
        )}
        <div style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const isSelected = row.name === selected;
            return (
              <div
                key={row.name}
                role="row"
                data-index={item.index}
                data-host={row.name}
                data-status={row.status}
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                tabIndex={item.index === selectedIndex ? 0 : -1}
                className={mergeClasses(styles.row, isSelected && styles.selected)}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(row.name)}
                onKeyDown={(e) => onKeyDown(e, item.index)}
              >
                <div role="gridcell" className={styles.cell} title={row.name}>
                  {row.name}
                </div>
                <div role="gridcell" className={styles.cell}>
                  {row.address}
                </div>
                <div role="gridcell" className={styles.cell}>
                  {t(`fleetBoard.os.${row.os}`)}
                </div>
                <div role="gridcell" className={styles.cell}>
                  {row.phase ? t(`app.phase.${row.phase}`) : ''}
                </div>
                <div role="gridcell" className={mergeClasses(styles.cell, styles.status)} data-testid="host-status">
                  <FleetStatusIcon status={row.status} />
                  {t(`fleetBoard.status.${row.status}`)}
                </div>
                <div role="gridcell" className={styles.cell} title={progressText(row) ?? row.lastMessage}>
                  {row.status === 'running' && row.progress ? (
                    <span className={styles.progress} data-testid="host-progress">
                      <ProgressBar
                        className={styles.progressBar}
                        value={row.progress.percent / 100}
                        aria-label={t('fleetBoard.table.progress', { host: row.name, percent: row.progress.percent })}
                      />
                      <span className={styles.progressText}>{progressText(row)}</span>
                    </span>
                  ) : (
                    row.lastMessage
                  )}
                </div>
                <div role="gridcell" className={styles.cell}>
                  {duration(row.durationMs)}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
