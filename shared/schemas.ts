/** Runtime validation of every request's params: the host trusts nothing the UI sends. */
import { z } from 'zod';
import type { RequestName, RequestParams } from './contract.js';
import { nameProblem } from './model/names.js';
import { registrationSpecSchema } from './registration.js';

const none = z.object({}).strict();
const id = z.string().min(1).max(200);
const segment = (kind: string) =>
  z.string().superRefine((value, ctx) => {
    const problem = nameProblem(kind, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const absolutePath = z
  .string()
  .max(4096)
  .refine((value) => value === '/' || (value.startsWith('/') && !value.endsWith('/') && !value.includes('//') && !value.includes('\u0000')), {
    message: 'path must be an absolute ZooKeeper path',
  });

const thresholdMs = z.number().int().min(1000, 'threshold must be at least 1 s').max(30 * 86_400_000);

export const requestSchemas = {
  'app.info': none,
  'profiles.list': none,
  'profiles.save': z
    .object({
      id: id.optional(),
      name: z.string().trim().min(1, 'name must not be empty').max(200),
      connectionString: z.string().trim().min(1, 'connection string must not be empty').max(2000),
      sessionTimeoutMs: z.number().int().min(1000).max(120_000).optional(),
      readOnly: z.boolean().optional(),
      digestAuth: z
        .string()
        .regex(/^[^:]+:.*$/, 'credentials must be user:password')
        .nullable()
        .optional(),
    })
    .strict(),
  'profiles.delete': z.object({ id }).strict(),
  'connections.list': none,
  'connections.open': z.object({ profileId: id }).strict(),
  'connections.close': z.object({ connectionId: id }).strict(),
  'sandbox.status': none,
  'sandbox.start': z.object({ demo: z.boolean() }).strict(),
  'sandbox.stop': none,
  'registry.namespaces': z.object({ connectionId: id }).strict(),
  'registry.subscribe': z.object({ connectionId: id, namespace: segment('namespace') }).strict(),
  'registry.unsubscribe': z.object({ connectionId: id, namespace: segment('namespace') }).strict(),
  'registry.node': z.object({ connectionId: id, path: absolutePath }).strict(),
  'registry.children': z.object({ connectionId: id, path: absolutePath }).strict(),
  'registry.timeline': z.object({ connectionId: id, namespace: segment('namespace'), service: segment('service') }).strict(),
  'registrations.list': none,
  'registrations.create': registrationSpecSchema,
  'registrations.update': z.object({ id, spec: registrationSpecSchema }).strict(),
  'registrations.start': z.object({ id, override: z.boolean().optional() }).strict(),
  'registrations.stop': z.object({ id }).strict(),
  'registrations.drain': z.object({ id, drained: z.boolean() }).strict(),
  'registrations.duplicate': z.object({ id }).strict(),
  'registrations.delete': z.object({ id }).strict(),
  'registrations.export': z.object({ ids: z.array(id).optional() }).strict(),
  'registrations.import': z.object({ json: z.string().max(5_000_000) }).strict(),
  'registrations.commands': z.object({ id }).strict(),
  'registrations.hosts': none,
  'problems.scan': z.object({ connectionId: id, namespace: segment('namespace'), zombieThresholdMs: thresholdMs.optional() }).strict(),
  'problems.delete': z
    .object({
      connectionId: id,
      targets: z
        .array(z.object({ path: absolutePath, version: z.number().int().min(0), reason: z.string().max(2000) }).strict())
        .min(1, 'select at least one node')
        .max(10_000),
    })
    .strict(),
  'problems.export': z
    .object({ connectionId: id, namespace: segment('namespace'), format: z.enum(['json', 'csv']), zombieThresholdMs: thresholdMs.optional() })
    .strict(),
} satisfies { [K in RequestName]: z.ZodType<RequestParams<K>> };

export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/** Validates params for a request; the error message names each bad field. */
export function parseRequest<K extends RequestName>(name: K, params: unknown): { ok: true; params: RequestParams<K> } | { ok: false; message: string } {
  const result = (requestSchemas[name] as z.ZodType<RequestParams<K>>).safeParse(params ?? {});
  if (result.success) return { ok: true, params: result.data };
  return {
    ok: false,
    message: `${name}: ${result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ')}`,
  };
}
