/**
 * The benchmark's results: a flat list of rows that later issues extend with their own sections
 * (the CLI, the web mode...). Printed as an aligned table and written as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchRow {
  /** A group of related metrics, e.g. "cold load", "latency", "idle", "memory". */
  section: string;
  metric: string;
  /** NaN/Infinity are written as null in JSON (a measurement that could not be taken). */
  value: number;
  unit: string;
  /** Human-readable goal, e.g. "<= 1.3x"; absent for context rows. */
  goal?: string;
  /** Whether the goal was met; absent for context rows. */
  pass?: boolean;
  /** Extra context (how it was measured, what it includes). */
  note?: string;
}

export interface BenchReport {
  /** Version of this JSON shape; bump when a field changes meaning. */
  schema: 1;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  environment: Record<string, string | number>;
  options: Record<string, string | number | boolean>;
  results: BenchRow[];
  /** Goals missed (the bench still exits 0 when this is non-empty). */
  missed: string[];
}

export class BenchResults {
  readonly rows: BenchRow[] = [];

  add(row: BenchRow): BenchRow {
    this.rows.push(row);
    return row;
  }

  /** Adds a row with a goal: `pass` is computed from the check. */
  goal(row: Omit<BenchRow, 'pass'>, check: (value: number) => boolean): BenchRow {
    return this.add({ ...row, pass: Number.isFinite(row.value) && check(row.value) });
  }

  missed(): string[] {
    return this.rows.filter((row) => row.pass === false).map((row) => `${row.section}: ${row.metric} = ${formatValue(row)} (goal ${row.goal ?? '?'})`);
  }
}

/** Units whose values are counts: printed without decimals. */
const COUNT_UNITS = new Set(['', 'req', 'samples', 'pkts', 'B', 'nodes/s']);

export function formatValue(row: Pick<BenchRow, 'value' | 'unit'>): string {
  if (!Number.isFinite(row.value)) return 'n/a';
  const magnitude = Math.abs(row.value);
  const digits = COUNT_UNITS.has(row.unit) && Number.isInteger(row.value) ? 0 : magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  const text = row.value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (row.unit === 'x') return `${text}x`;
  return row.unit ? `${text} ${row.unit}` : text;
}

/** Plain-text table: section, metric, value, goal, pass/fail (aligned; notes go below it). */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['section', 'metric', 'value', 'goal', 'result'];
  const body = rows.map((row) => [
    row.section,
    row.metric,
    formatValue(row),
    row.goal ?? '',
    row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const rightAligned = new Set([2]);
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const out = [line(header), rule];
  let previous: string | undefined;
  for (const [index, cells] of body.entries()) {
    const section = rows[index]?.section;
    if (previous !== undefined && section !== previous) out.push('');
    previous = section;
    out.push(line(cells));
  }
  const notes = rows.filter((row) => row.note).map((row) => `  * ${row.section} / ${row.metric}: ${row.note ?? ''}`);
  if (notes.length > 0) out.push('', 'Notes:', ...notes);
  return out.join('\n');
}

/** Writes bench-results/bench-<ISO timestamp>.json and bench-results/latest.json; returns the first path. */
export function writeReport(directory: string, report: BenchReport): string {
  mkdirSync(directory, { recursive: true });
  const json = `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
  const stamp = report.startedAt.replace(/:/g, '-');
  const file = join(directory, `bench-${stamp}.json`);
  writeFileSync(file, json);
  writeFileSync(join(directory, 'latest.json'), json);
  return file;
}
