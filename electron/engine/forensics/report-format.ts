import type { NodeReport } from './classify.js';

/** The report as JSON: one object per problem node (the shape `rangerctl stale --json` prints). */
export function reportToJson(reports: readonly NodeReport[]): string {
  return JSON.stringify(reports, null, 2);
}

function csvCell(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV, one row per problem node. */
export function reportToCsv(reports: readonly NodeReport[]): string {
  const header = ['path', 'namespace', 'service', 'name', 'codes', 'messages', 'javaServes', 'pythonServes', 'owner', 'version', 'modified'];
  const rows = reports.map((report) =>
    [
      report.path,
      report.namespace,
      report.service,
      report.name,
      report.codes.join(' '),
      report.problems.map((problem) => problem.message).join(' | '),
      report.javaServes,
      report.pythonServes,
      `0x${report.owner}`,
      report.version,
      new Date(report.mtimeMs).toISOString(),
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
