/** Parses `--timeout`: milliseconds as a bare number or with `ms`, seconds with `s` (`500`, `250ms`, `1.5s`). */
export function parseDurationMs(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(text);
  if (!match?.[1]) throw new Error(`'${text}' is not a duration (use milliseconds like 5000 or 500ms, or seconds like 5s)`);
  const value = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  const ms = Math.round(value);
  if (ms < 1) throw new Error(`'${text}' is too short: use at least 1 ms`);
  return ms;
}

/** Parses a positive number of seconds (fractions allowed, as in the Python daemon's `-i 0.5`) into ms. */
export function parseSecondsMs(text: string): number | undefined {
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text)) return undefined;
  const ms = Math.round(Number(text) * 1000);
  return ms > 0 ? ms : undefined;
}
