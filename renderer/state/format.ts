/** Text for times, ages and ids as the UI shows them. Pure. */

/** A compact age: "0s", "42s", "3m 05s", "2h 10m", "3d 4h". Negative ages (clock skew) read as "in 2s". */
export function formatAge(ms: number): string {
  if (ms < 0) return `in ${formatAge(-ms)}`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  const days = Math.floor(hours / 24);
  return `${days}d ${hours % 24}h`;
}

/** The heartbeat column: "3s ago", or "never" for a node that never completed a check. */
export function formatHeartbeat(lastUpdatedMs: number | null, nowMs: number): string {
  if (lastUpdatedMs === null) return 'never';
  const age = nowMs - lastUpdatedMs;
  // The UI clock ticks once a second, so a fresh heartbeat can look slightly "in the future": that is now.
  if (age < 0 && age > -FUTURE_TOLERANCE_MS) return '0s ago';
  return age < 0 ? formatAge(age) : `${formatAge(age)} ago`;
}

/** Heartbeats up to this far ahead of the UI clock read as "now"; beyond it the clocks really disagree. */
export const FUTURE_TOLERANCE_MS = 5000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Local time: "14:03:07" today, "2024-05-01 14:03" otherwise. */
export function formatTime(ms: number, nowMs: number): string {
  const date = new Date(ms);
  const now = new Date(nowMs);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate()) return time;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Full local timestamp with milliseconds, for tooltips and the detail pane. */
export function formatTimestamp(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Log times: "14:03:07.123". */
export function formatClock(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** An ephemeral owner as ZooKeeper tools print it ("0x18f..."), or "persistent" for owner 0. */
export function formatOwner(owner: string): string {
  if (owner === '0' || /^0+$/.test(owner)) return 'persistent';
  return owner.startsWith('0x') ? owner : `0x${owner}`;
}

export function formatWeight(weight: number | null): string {
  if (weight === null) return '—';
  return Number.isInteger(weight) ? weight.toFixed(1) : String(weight);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
