/**
 * Where the web mode's CPU goes: summarises a V8 .cpuprofile (the format `node --cpu-prof` and the inspector's
 * Profiler write) into self time per function and per module. Only the main thread is sampled: GC helper
 * threads and libuv's pool are in the process's CPU time but not here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  module: string;
  selfMs: number;
  /** Share of the sampled (non-idle) time, 0..1. */
  share: number;
}

export interface ProfileSummary {
  /** Wall time the profile covers. */
  durationMs: number;
  /** Time the main thread was busy (not idle) while sampled. */
  busyMs: number;
  functions: SelfTime[];
  modules: SelfTime[];
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A readable module for a script URL: the npm package, the repository file, node's own subsystem, or V8. */
export function moduleOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? `V8 ${functionName}` : '(native/builtin)';
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `node:${parts[0] === 'internal' ? parts.slice(0, 2).join('/') : (parts[0] ?? '')}`;
  }
  let path = url;
  try {
    if (url.startsWith('file:')) path = fileURLToPath(url);
  } catch {
    // keep the URL as it is
  }
  const nodeModules = path.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) {
    const rest = path.slice(nodeModules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? path);
  }
  return path.startsWith(REPO_ROOT) ? path.slice(REPO_ROOT.length) : path;
}

export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Sample i covers the time until sample i + 1 (as DevTools counts it); the last one until the profile's end.
  let at = profile.startTime;
  const stamps = deltas.map((delta) => (at += delta));
  for (let index = 0; index < samples.length; index++) {
    const id = samples[index] ?? -1;
    const until = stamps[index + 1] ?? profile.endTime;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, until - (stamps[index] ?? until)));
  }
  const functions = new Map<string, SelfTime>();
  const modules = new Map<string, SelfTime>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(root)') continue;
    busyUs += us;
    const module = moduleOf(url, functionName);
    const name = functionName || '(anonymous)';
    const key = `${module}\u0000${name}\u0000${lineNumber}`;
    const fn = functions.get(key) ?? { name: lineNumber >= 0 && url ? `${name}:${lineNumber + 1}` : name, module, selfMs: 0, share: 0 };
    fn.selfMs += us / 1000;
    functions.set(key, fn);
    const mod = modules.get(module) ?? { name: module, module, selfMs: 0, share: 0 };
    mod.selfMs += us / 1000;
    modules.set(module, mod);
  }
  const busyMs = busyUs / 1000;
  const ranked = (entries: Iterable<SelfTime>): SelfTime[] =>
    [...entries]
      .map((entry) => ({ ...entry, share: busyMs > 0 ? entry.selfMs / busyMs : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return { durationMs: (profile.endTime - profile.startTime) / 1000, busyMs, functions: ranked(functions.values()), modules: ranked(modules.values()) };
}

/** "a 31% (620 ms), b 12% (240 ms), ..." */
export function formatSelfTimes(entries: readonly SelfTime[], withModule: boolean): string {
  return entries.map((entry) => `${entry.name}${withModule ? ` [${entry.module}]` : ''} ${(entry.share * 100).toFixed(1)}% (${entry.selfMs.toFixed(0)} ms)`).join(', ');
}
