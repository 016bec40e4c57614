import type { JsonValue } from './json.js';

/** The usual nodeData: Java's ShardInfo. Field order matters: Java writes environment, region, tags. */
export interface ShardInfo {
  environment: string | null;
  region: string | null;
  tags: string[] | null;
}

export function makeShardInfo(environment: string, region?: string | null, tags?: readonly string[] | null): ShardInfo {
  return { environment, region: region ?? null, tags: tags && tags.length > 0 ? [...tags] : null };
}

function textOf(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Reads a ShardInfo out of any nodeData shape: missing parts are null, tags may be a list or a comma string. */
export function readShardInfo(nodeData: JsonValue): ShardInfo {
  if (typeof nodeData !== 'object' || nodeData === null || Array.isArray(nodeData)) {
    return { environment: null, region: null, tags: null };
  }
  const rawTags = nodeData.tags;
  let tags: string[] | null = null;
  if (Array.isArray(rawTags)) tags = rawTags.map(textOf).filter((tag): tag is string => tag !== null);
  else if (typeof rawTags === 'string') tags = rawTags.split(',').map((tag) => tag.trim()).filter(Boolean);
  return { environment: textOf(nodeData.environment), region: textOf(nodeData.region), tags };
}
