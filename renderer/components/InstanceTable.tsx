/**
 * The instance table: a real <table>, one row per instance, virtualized with fixed row heights (spacer rows
 * above and below the rendered window), a sticky header with sortable columns, roving focus for the keyboard.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { InstanceStatus, InstanceView } from '../../shared/model/instance-view.js';
import { formatAge, formatHeartbeat, formatOwner, formatTime, formatTimestamp, formatWeight } from '../state/format.js';
import type { InstanceRow, SortKey, SortSpec } from '../state/instance-filter.js';
import { nextIndex } from '../state/keyboard.js';
import type { RowChange } from '../state/registry-state.js';
import { isOurs } from '../state/registrations.js';
import { StatusText } from './common.js';

export const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 34;
export const FLASH_MS = 1500;

interface Column {
  key: SortKey;
  label: string;
  width: number;
  className?: string;
  cell(view: InstanceView, status: InstanceStatus, now: number): ReactNode;
  title?(view: InstanceView, now: number): string | undefined;
}

const dash = '—';

function statusTitle(view: InstanceView): string | undefined {
  if (view.unreadable) return `${view.unreadable.reason}: ${view.unreadable.message}`;
  if (view.warnings.length > 0) return `Strict Java readers would reject this node: ${view.warnings.join('; ')}`;
  return undefined;
}

export const COLUMNS: readonly Column[] = [
  {
    key: 'status',
    label: 'Health',
    width: 128,
    cell: (view, status) => (
      <>
        <StatusText status={status} />
        {view.warnings.length > 0 ? (
          <span className="warn-mark" aria-label={`${view.warnings.length} strict-Java warnings`}>
            !
          </span>
        ) : null}
      </>
    ),
    title: (view) => statusTitle(view),
  },
  { key: 'address', label: 'Instance', width: 240, className: 'mono', cell: (view) => view.name },
  { key: 'environment', label: 'Environment', width: 120, cell: (view) => view.environment ?? dash },
  { key: 'region', label: 'Region', width: 110, cell: (view) => view.region ?? dash },
  {
    key: 'tags',
    label: 'Tags',
    width: 170,
    cell: (view) =>
      view.tags.length === 0
        ? dash
        : view.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          )),
    title: (view) => (view.tags.length > 0 ? view.tags.join(', ') : undefined),
  },
  {
    key: 'heartbeat',
    label: 'Heartbeat',
    width: 104,
    className: 'num',
    cell: (view, _status, now) => formatHeartbeat(view.lastUpdatedMs, now),
    title: (view) => (view.lastUpdatedMs === null ? 'The provider never completed a health check' : formatTimestamp(view.lastUpdatedMs)),
  },
  {
    key: 'healthySince',
    label: 'Healthy since',
    width: 116,
    className: 'num',
    cell: (view, _status, now) => (view.healthySinceMs === null ? dash : formatAge(Math.max(0, now - view.healthySinceMs))),
    title: (view) => (view.healthySinceMs === null ? undefined : formatTimestamp(view.healthySinceMs)),
  },
  { key: 'weight', label: 'Weight', width: 76, className: 'num', cell: (view) => formatWeight(view.routingWeight) },
  { key: 'scheme', label: 'Scheme', width: 76, cell: (view) => view.portScheme ?? dash },
  { key: 'owner', label: 'Ephemeral owner', width: 170, className: 'mono', cell: (view) => formatOwner(view.owner) },
  { key: 'created', label: 'Created', width: 136, className: 'num', cell: (view, _s, now) => formatTime(view.ctimeMs, now), title: (view) => formatTimestamp(view.ctimeMs) },
  { key: 'modified', label: 'Modified', width: 136, className: 'num', cell: (view, _s, now) => formatTime(view.mtimeMs, now), title: (view) => formatTimestamp(view.mtimeMs) },
  { key: 'version', label: 'Data version', width: 100, className: 'num', cell: (view) => view.version.toLocaleString('en-US') },
];

const TABLE_WIDTH = COLUMNS.reduce((sum, column) => sum + column.width, 0);

interface RowProps {
  view: InstanceView;
  status: InstanceStatus;
  now: number;
  index: number;
  selected: boolean;
  focusable: boolean;
  flash: 'a' | 'b' | null;
  changeKind: string | null;
  /** Published by one of our registrations (this node, owned by our session). */
  ours: boolean;
  onOpen(name: string): void;
  onFocusRow(name: string): void;
}

/** The small mark on rows our own registrations publish. */
export function OursBadge() {
  return (
    <span className="chip chip-ours" title="Published by a registration of this Ranger Desk" data-testid="ours-badge">
      ours
    </span>
  );
}

const InstanceTableRow = memo(function InstanceTableRow({ view, status, now, index, selected, focusable, flash, changeKind, ours, onOpen, onFocusRow }: RowProps) {
  return (
    <tr
      data-testid="instance-row"
      data-instance={view.name}
      data-status={status}
      data-index={index}
      data-flash={flash ?? undefined}
      data-change={changeKind ?? undefined}
      data-ours={ours ? 'true' : undefined}
      aria-rowindex={index + 2}
      aria-current={selected ? 'true' : undefined}
      tabIndex={focusable ? 0 : -1}
      className={`irow${selected ? ' selected' : ''}`}
      onClick={() => onOpen(view.name)}
      onFocus={() => onFocusRow(view.name)}
    >
      {COLUMNS.map((column) => (
        <td key={column.key} className={column.className} title={column.title?.(view, now)}>
          {column.cell(view, status, now)}
          {ours && column.key === 'address' ? <OursBadge /> : null}
        </td>
      ))}
    </tr>
  );
});

export interface InstanceTableProps {
  rows: readonly InstanceRow[];
  totalCount: number;
  changes: ReadonlyMap<string, RowChange>;
  now: number;
  sort: SortSpec;
  onSort(key: SortKey): void;
  selected: string | null;
  onOpen(name: string): void;
  focusName: string | null;
  onFocusName(name: string): void;
  empty: ReactNode;
  stale: boolean;
  /** Our registrations' nodes (see state/registrations.ts). */
  ours: ReadonlySet<string>;
}

export function InstanceTable({ rows, totalCount, changes, now, sort, onSort, selected, onOpen, focusName, onFocusName, empty, stale, ours }: InstanceTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    overscan: 12,
  });

  const focusIndexRaw = focusName === null ? -1 : rows.findIndex((row) => row.view.name === focusName);
  const selectedIndex = selected === null ? -1 : rows.findIndex((row) => row.view.name === selected);
  const focusIndex = focusIndexRaw >= 0 ? focusIndexRaw : selectedIndex >= 0 ? selectedIndex : 0;

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`);
    if (element) {
      pendingFocus.current = null;
      element.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      const row = rows[focusIndex];
      if (row) {
        event.preventDefault();
        onOpen(row.view.name);
      }
      return;
    }
    const pageSize = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    const next = nextIndex(event.key, focusIndex, rows.length, pageSize);
    if (next === null) return;
    event.preventDefault();
    const row = rows[next];
    if (!row) return;
    onFocusName(row.view.name);
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const paddingTop = first ? first.start - HEADER_HEIGHT : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;

  return (
    <div ref={scrollRef} className={`table-scroll${stale ? ' stale' : ''}`} data-testid="instance-table-scroll">
      <table className="instances" data-testid="instance-table" aria-rowcount={rows.length + 1} aria-label={`Instances (${rows.length} of ${totalCount})`} style={{ width: TABLE_WIDTH }}>
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column.key} style={{ width: column.width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th key={column.key} scope="col" aria-sort={active ? sort.direction : 'none'} className={column.className}>
                  <button type="button" className="th-button" onClick={() => onSort(column.key)} title={`Sort by ${column.label.toLowerCase()}`}>
                    {column.label}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {rows.length === 0 ? (
            <tr className="empty-row">
              <td colSpan={COLUMNS.length}>
                <div className="table-empty">{empty}</div>
              </td>
            </tr>
          ) : null}
          {paddingTop > 0 ? <tr className="spacer" aria-hidden="true" style={{ height: paddingTop }} /> : null}
          {items.map((virtual) => {
            const row = rows[virtual.index];
            if (!row) return null;
            const change = changes.get(row.view.name);
            const active = change && Date.now() - change.at < FLASH_MS ? change : null;
            return (
              <InstanceTableRow
                key={row.view.name}
                view={row.view}
                status={row.status}
                now={now}
                index={virtual.index}
                selected={row.view.name === selected}
                focusable={virtual.index === focusIndex}
                flash={active ? (active.seq % 2 === 0 ? 'a' : 'b') : null}
                changeKind={active ? active.kind : null}
                ours={isOurs(ours, row.view)}
                onOpen={onOpen}
                onFocusRow={onFocusName}
              />
            );
          })}
          {paddingBottom > 0 ? <tr className="spacer" aria-hidden="true" style={{ height: paddingBottom }} /> : null}
        </tbody>
      </table>
    </div>
  );
}
