/**
 * One shared 1 s clock, aligned to whole seconds, so heartbeat ages and zombie status tick live without
 * waiting for frames. Only components that read it re-render on a tick.
 */
import { useSyncExternalStore } from 'react';

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
  timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setTimeout(tick, 1000 - (now % 1000) + 5);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

function snapshot(): number {
  return now;
}

/** The renderer clock, updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}

/** The latest clock value without subscribing (for event handlers). */
export function currentNow(): number {
  return Date.now();
}
