import { z } from 'zod';

/** The outcome of one round of health checks. */
export interface HealthCheckResult {
  healthy: boolean;
  /** Wall time of the slowest check, ms. */
  latencyMs: number;
  /** What decided the result, e.g. "GET http://localhost:8080/health -> 200" or "timed out after 1000 ms". */
  detail: string;
  checkedAt: number;
}

/** Any (async) check: false, a rejection or a throw is unhealthy; anything else (true, nothing) is healthy. */
export type HealthCheckFunction = (signal: AbortSignal) => unknown;

export const httpHealthCheckSchema = z.object({
  url: z
    .string()
    .url({ message: 'health check URL is not a valid URL' })
    .refine((value) => !URL.canParse(value) || /^https?:$/.test(new URL(value).protocol), {
      message: 'health check URL must be http or https',
    }),
  method: z.enum(['GET', 'POST']).default('GET'),
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  /** Status codes that count as healthy; any 2xx when omitted. */
  expectedStatus: z.array(z.number().int().min(100).max(599)).nonempty().optional(),
});
export type HttpHealthCheckOptions = z.input<typeof httpHealthCheckSchema>;
type HttpHealthCheck = z.output<typeof httpHealthCheckSchema>;

export type HealthCheckSpec = HttpHealthCheckOptions | HealthCheckFunction | { name: string; check: HealthCheckFunction; timeoutMs?: number };

/** A validated, runnable check. */
interface RunnableCheck {
  name: string;
  timeoutMs: number | undefined;
  run: (signal: AbortSignal) => Promise<{ healthy: boolean; detail: string }>;
}

/** A URL without a scheme means http, as in the Python daemon (`localhost:8080/health`). */
export function normalizeHealthCheckUrl(url: string): string {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url) ? url : `http://${url}`;
}

function httpCheck(options: HttpHealthCheck): RunnableCheck {
  const label = `${options.method} ${options.url}`;
  return {
    name: label,
    timeoutMs: options.timeoutMs,
    async run(signal) {
      const response = await fetch(options.url, {
        method: options.method,
        headers: options.headers,
        body: options.method === 'POST' ? (options.body ?? '') : undefined,
        signal,
        redirect: 'follow',
      });
      // Drain the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
      const healthy = options.expectedStatus ? options.expectedStatus.includes(response.status) : response.status >= 200 && response.status < 300;
      return { healthy, detail: `${label} -> ${response.status}` };
    },
  };
}

function functionCheck(name: string, check: HealthCheckFunction, timeoutMs: number | undefined): RunnableCheck {
  return {
    name,
    timeoutMs,
    async run(signal) {
      const verdict = await check(signal);
      return { healthy: verdict !== false, detail: verdict === false ? `${name} reported unhealthy` : `${name} ok` };
    },
  };
}

/** Validates health check specs up front, so a bad URL fails when the provider is built. */
export function compileHealthChecks(specs: readonly HealthCheckSpec[]): RunnableCheck[] {
  return specs.map((spec, index) => {
    if (typeof spec === 'function') return functionCheck(spec.name || `check #${index + 1}`, spec, undefined);
    if ('check' in spec) return functionCheck(spec.name, spec.check, spec.timeoutMs);
    const parsed = httpHealthCheckSchema.safeParse(spec);
    if (!parsed.success) {
      throw new Error(`health check #${index + 1}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
    }
    return httpCheck(parsed.data);
  });
}

/** Runs one check, bounded by its timeout even when the check ignores the abort signal. */
async function runBounded(check: RunnableCheck, timeoutMs: number): Promise<{ healthy: boolean; detail: string; latencyMs: number }> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ healthy: boolean; detail: string }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ healthy: false, detail: `${check.name} timed out after ${timeoutMs} ms` });
    }, timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      check.run(controller.signal).catch((error: unknown) => ({
        healthy: false,
        detail: `${check.name} failed: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
      })),
      timeout,
    ]);
    return { ...outcome, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check in parallel; healthy only when all pass. No checks means healthy. */
export async function runHealthChecks(checks: readonly RunnableCheck[], defaultTimeoutMs: number): Promise<HealthCheckResult> {
  const checkedAt = Date.now();
  if (checks.length === 0) return { healthy: true, latencyMs: 0, detail: 'no health check configured', checkedAt };
  const outcomes = await Promise.all(checks.map((check) => runBounded(check, check.timeoutMs ?? defaultTimeoutMs)));
  const failed = outcomes.filter((outcome) => !outcome.healthy);
  return {
    healthy: failed.length === 0,
    latencyMs: Math.max(...outcomes.map((outcome) => outcome.latencyMs)),
    detail: (failed.length > 0 ? failed : outcomes).map((outcome) => outcome.detail).join('; '),
    checkedAt,
  };
}

export type { RunnableCheck };
