/** The event log: added, removed, health changed (and data/service changes), newest first, virtualized. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { LogEntry, LogKind } from '../../shared/contract.js';
import { formatClock, formatTimestamp } from '../state/format.js';

const KIND_LABEL: Record<LogKind, string> = {
  'instance-added': 'added',
  'instance-removed': 'removed',
  'health-changed': 'health',
  'data-changed': 'data',
  'service-added': 'service added',
  'service-removed': 'service removed',
};

const LOG_ROW = 26;

export interface EventLogProps {
  entries: readonly LogEntry[];
  /** Only this service's entries, or all of the namespace. */
  service: string | null;
  onlyService: boolean;
  onToggleOnlyService(value: boolean): void;
  onSelect(entry: LogEntry): void;
}

export function EventLog({ entries, service, onlyService, onToggleOnlyService, onSelect }: EventLogProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [collapsed, setCollapsed] = useState(false);
  const shown = useMemo(() => {
    const out: LogEntry[] = [];
    for (let index = entries.length - 1; index >= 0; index--) {
      const entry = entries[index];
      if (!entry) continue;
      if (onlyService && service !== null && entry.service !== service) continue;
      out.push(entry);
    }
    return out;
  }, [entries, service, onlyService]);

  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => LOG_ROW, overscan: 10 });

  return (
    <section className={`event-log${collapsed ? ' collapsed' : ''}`} aria-label="Event log" data-testid="event-log">
      <header className="pane-header">
        <h3>Event log</h3>
        <span className="muted">{shown.length.toLocaleString('en-US')} events since opened</span>
        <label className="inline-check">
          <input type="checkbox" checked={onlyService} disabled={service === null} onChange={(event) => onToggleOnlyService(event.target.checked)} />
          this service only
        </label>
        <button type="button" className="button button-small button-quiet" aria-expanded={!collapsed} onClick={() => setCollapsed((value) => !value)}>
          {collapsed ? 'Show' : 'Hide'}
        </button>
      </header>
      <div ref={scrollRef} className="log-scroll" role="log" aria-live="off">
        {shown.length === 0 ? (
          <div className="log-empty muted">No changes yet. Registrations, removals and health flips appear here as they happen.</div>
        ) : (
          <div className="vlist-inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((virtual) => {
              const entry = shown[virtual.index];
              if (!entry) return null;
              return (
                <div
                  key={virtual.key}
                  className={`log-row log-${entry.kind}`}
                  style={{ height: LOG_ROW, transform: `translateY(${virtual.start}px)` }}
                  data-testid="log-entry"
                  data-kind={entry.kind}
                  data-instance={entry.instance ?? undefined}
                >
                  <time className="log-time mono" dateTime={new Date(entry.at).toISOString()} title={formatTimestamp(entry.at)}>
                    {formatClock(entry.at)}
                  </time>
                  <span className={`log-kind kind-${entry.kind}`}>{KIND_LABEL[entry.kind]}</span>
                  <button type="button" className="link log-target mono" onClick={() => onSelect(entry)} title="Show in the table">
                    {entry.service}
                    {entry.instance ? ` / ${entry.instance}` : ''}
                  </button>
                  <span className="log-detail">{entry.detail}</span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
