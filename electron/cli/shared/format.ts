/** Short human forms for tables and watch lines. */

/** `850ms`, `12s`, `3m05s`, `2h14m`, `5d3h`; `never` for null; a future heartbeat (clock skew) is `-2s`. */
export function formatAge(ms: number | null): string {
  if (ms === null) return 'never';
  if (ms < 0) return `-${formatAge(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d${hours % 24}h`;
}

export function dash(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '-' : value;
}
