import { z } from 'zod';
import { nameProblem, portProblem } from '../../../shared/model/names.js';
import type { JsonValue } from '../../../shared/model/json.js';

const segment = (kind: string) =>
  z.string().superRefine((value, ctx) => {
    const problem = nameProblem(kind, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const serviceDetailsSchema = z.object({
  host: z
    .string()
    .min(1, 'host must not be empty')
    .refine((value) => !/[/\s]/.test(value), { message: 'host must not contain "/" or spaces' }),
  port: z.number().superRefine((value, ctx) => {
    const problem = portProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  environment: z.string().min(1, 'environment must not be empty'),
  namespace: segment('namespace'),
  serviceName: segment('service name'),
  region: z.string().nullish(),
  tags: z.array(z.string().min(1, 'tags must not be empty strings')).nullish(),
  routingWeight: z.number().finite().nonnegative('routingWeight must not be negative').default(1),
  portScheme: z.enum(['http', 'https', 'tcp']).default('http'),
});

export type ServiceDetails = z.input<typeof serviceDetailsSchema> & {
  /** Replaces the ShardInfo that is built from environment, region and tags. */
  nodeData?: JsonValue;
};

export const providerTimingSchema = z.object({
  updateIntervalMs: z.number().int().min(100, 'update interval must be at least 100 ms').max(600_000).default(1000),
  healthCheckTimeoutMs: z.number().int().positive().max(600_000).optional(),
  onConflict: z.enum(['overwrite', 'fail']).default('overwrite'),
});

/** Formats zod issues as one readable sentence naming each bad field. */
export function describeIssues(prefix: string, error: z.ZodError): string {
  return `${prefix}: ${error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ')}`;
}
