/** The Python daemon's default namespace (kept apart so help text can show it without loading the engine). */
export const DEFAULT_NAMESPACE = 'org';
