import { nameProblem } from '../../../shared/model/names.js';
import { UsageError } from './exit-codes.js';

export interface Target {
  namespace: string;
  service: string | undefined;
}

/** Reads `NAMESPACE[/SERVICE]` (a leading slash is allowed, as in a znode path). */
export function parseTarget(text: string, options: { serviceRequired: boolean }): Target {
  const parts = text.replace(/^\//, '').split('/');
  const shape = options.serviceRequired ? 'NAMESPACE/SERVICE' : 'NAMESPACE or NAMESPACE/SERVICE';
  if (parts.length > 2 || (options.serviceRequired && parts.length !== 2)) {
    throw new UsageError(`'${text}' is not ${shape}`);
  }
  const [namespace = '', service] = parts;
  const problem = nameProblem('namespace', namespace) ?? (service === undefined ? undefined : nameProblem('service', service));
  if (problem) throw new UsageError(`'${text}': ${problem}`);
  return { namespace, service };
}
