/** Plain JSON as the model carries it: numbers that do not fit a double exactly are kept as their decimal text. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
