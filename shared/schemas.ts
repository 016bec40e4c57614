/** Runtime validation of every request's params: the host trusts nothing the UI sends. */
import { z } from 'zod';
import type { RequestName, RequestParams } from './contract.js';
import { nameProblem } from './model/names.js';

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
