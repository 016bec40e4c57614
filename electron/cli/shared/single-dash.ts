/**
 * The Python daemon's argparse accepts multi-letter flags with one dash (`-zk`, `-host`, `-hcu`). Commander's
 * short flags are one character, so these are rewritten to their long names before parsing.
 */
export interface SingleDashAliases {
  /** e.g. `-zk` -> `--zkConnectionString` */
  aliases: Readonly<Record<string, string>>;
  /** Flags (in any spelling) whose value is the next argument: that argument is never rewritten. */
  takesValue: ReadonlySet<string>;
}

export function rewriteSingleDashFlags(argv: readonly string[], spec: SingleDashAliases): string[] {
  const out: string[] = [];
  let valueNext = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      out.push(...argv.slice(index));
      break;
    }
    if (valueNext) {
      out.push(arg);
      valueNext = false;
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const long = Object.hasOwn(spec.aliases, flag) ? spec.aliases[flag] : undefined;
    const rewritten = long === undefined ? arg : equals === -1 ? long : `${long}${arg.slice(equals)}`;
    out.push(rewritten);
    valueNext = equals === -1 && (spec.takesValue.has(flag) || (long !== undefined && spec.takesValue.has(long)));
  }
  return out;
}
