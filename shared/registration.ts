/**
 * A registration: a local dev service the desktop publishes to Ranger. Renderer-safe, so the form validates
 * with the same rules the host enforces.
 */
import { z } from 'zod';
import { nameProblem, portProblem } from './model/names.js';

const segment = (kind: string) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = nameProblem(kind, value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

export const healthCheckSpecSchema = z
  .object({
    url: z
      .string()
      .trim()
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: 'must be an http:// or https:// URL' }),
    method: z.enum(['GET', 'POST']).default('GET'),
    timeoutMs: z.number().int().min(50, 'timeout must be at least 50 ms').max(60_000, 'timeout must be at most 60 s').default(1000),
    /** Status codes that count as healthy; empty means any 2xx. */
    expectedStatus: z.array(z.number().int().min(100).max(599)).default([]),
  })
  .strict();

export const registrationSpecSchema = z
  .object({
    /** The saved connection profile the registration publishes to. */
    profileId: z.string().min(1, 'choose a connection'),
    serviceName: segment('service'),
    namespace: segment('namespace'),
    host: z
      .string()
      .trim()
      .min(1, 'host must not be empty')
      .refine((value) => !/[/\s]/.test(value), { message: 'host must not contain "/" or spaces' }),
    port: z.number().superRefine((value, ctx) => {
      const problem = portProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    environment: z.string().trim().min(1, 'environment must not be empty'),
    region: z.string().trim().nullable().default(null),
    tags: z.array(z.string().trim().min(1)).default([]),
    routingWeight: z.number().finite().min(0, 'routing weight must not be negative').default(1),
    portScheme: z.enum(['http', 'https', 'tcp']).default('http'),
    healthCheck: healthCheckSpecSchema.nullable().default(null),
    updateIntervalMs: z.number().int().min(500, 'update interval must be at least 500 ms').max(60_000, 'update interval must be at most 60 s').default(1000),
    startOnLaunch: z.boolean().default(false),
  })
  .strict();

export type RegistrationSpec = z.output<typeof registrationSpecSchema>;
export type RegistrationInput = z.input<typeof registrationSpecSchema>;

export const savedRegistrationSchema = registrationSpecSchema.extend({ id: z.string().min(1) });
export type SavedRegistration = z.output<typeof savedRegistrationSchema>;

/** The export file: what "Export registrations" writes and "Import" reads. */
export const registrationFileSchema = z
  .object({
    format: z.literal('ranger-desk-registrations'),
    version: z.literal(1),
    registrations: z.array(registrationSpecSchema.extend({ id: z.string().optional() })),
  })
  .strict();
export type RegistrationFile = z.output<typeof registrationFileSchema>;

export type RegistrationState = 'stopped' | 'registering' | 'registered' | 'unhealthy' | 'draining' | 'reconnecting' | 'conflict';

export interface HealthResultView {
  healthy: boolean;
  latencyMs: number;
  detail: string;
  checkedAt: number;
}

export interface RegistrationConflictView {
  path: string;
  owner: string;
  data: string;
}

/** A registration and how it is doing right now. */
export interface RegistrationView {
  id: string;
  spec: RegistrationSpec;
  state: RegistrationState;
  path: string;
  /** Hex session id that owns the node while registered. */
  owner: string | null;
  lastWriteAt: number | null;
  lastHealth: HealthResultView | null;
  /** The most recent results, newest last (at most 20). */
  history: HealthResultView[];
  drained: boolean;
  conflict: RegistrationConflictView | null;
  /** The last failure, said plainly. */
  error: string | null;
}
