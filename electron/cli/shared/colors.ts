import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colours only for a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function colorsEnabled(stdoutIsTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stdoutIsTTY;
}

export function makeColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** Green healthy, red unhealthy, yellow zombie, magenta unreadable (the instance statuses of registry/). */
export function statusColor(colors: Colors, status: string): (text: string) => string {
  switch (status) {
    case 'healthy':
      return colors.green;
    case 'unhealthy':
      return colors.red;
    case 'zombie':
      return colors.yellow;
    default:
      return colors.magenta;
  }
}
