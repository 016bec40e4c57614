/**
 * A virtualized, keyboard-navigable listbox with fixed row heights: arrows, Home/End and PageUp/PageDown move
 * focus, Enter or Space activates. Roving tabindex, so Tab enters the list once and leaves it.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { nextIndex } from '../state/keyboard.js';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  getKey(item: T): string;
  renderItem(item: T, state: { selected: boolean; index: number }): ReactNode;
  selectedKey: string | null;
  onActivate(item: T): void;
  label: string;
  testId?: string;
  itemTestId?: string;
  /** Extra attributes per item, e.g. data-* for tests. */
  itemData?(item: T): Record<string, string>;
  className?: string;
}

export function VirtualList<T>({ items, rowHeight, getKey, renderItem, selectedKey, onActivate, label, testId, itemTestId, itemData, className }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectedIndex = selectedKey === null ? -1 : items.findIndex((item) => getKey(item) === selectedKey);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const focusIndexRaw = focusKey === null ? -1 : items.findIndex((item) => getKey(item) === focusKey);
  const focusIndex = focusIndexRaw >= 0 ? focusIndexRaw : selectedIndex >= 0 ? selectedIndex : 0;
  const pendingFocus = useRef<number | null>(null);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (element) {
      pendingFocus.current = null;
      element.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      const item = items[focusIndex];
      if (item !== undefined) {
        event.preventDefault();
        onActivate(item);
      }
      return;
    }
    const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const next = nextIndex(event.key, focusIndex, items.length, pageSize);
    if (next === null) return;
    event.preventDefault();
    const item = items[next];
    if (item === undefined) return;
    setFocusKey(getKey(item));
    pendingFocus.current = next;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <div ref={scrollRef} className={`vlist ${className ?? ''}`} role="listbox" aria-label={label} data-testid={testId} onKeyDown={onKeyDown}>
      <div className="vlist-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index];
          if (item === undefined) return null;
          const key = getKey(item);
          const selected = virtual.index === selectedIndex;
          return (
            <div
              key={key}
              role="option"
              aria-selected={selected}
              tabIndex={virtual.index === focusIndex ? 0 : -1}
              data-index={virtual.index}
              data-testid={itemTestId}
              {...itemData?.(item)}
              className={`vlist-item${selected ? ' selected' : ''}`}
              style={{ height: rowHeight, transform: `translateY(${virtual.start}px)` }}
              onClick={() => {
                setFocusKey(key);
                onActivate(item);
              }}
              onFocus={() => setFocusKey(key)}
            >
              {renderItem(item, { selected, index: virtual.index })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
