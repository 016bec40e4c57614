/**
 * JSON output. Documents carry int64 values (Ranger's timestamps) as decimal strings, converted where they are
 * built (see registry/instance-json.ts): exact in every JSON reader, JavaScript's included, where a number such as
 * Long.MIN_VALUE would silently lose digits. No replacer here: it would slow a 10,000-node listing several-fold,
 * and a bigint that slipped through makes JSON.stringify throw rather than print something wrong.
 */
export function toJsonText(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, undefined, pretty ? 2 : undefined);
}
