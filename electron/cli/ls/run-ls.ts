import { openCliSession, type ZkTarget } from '../shared/connect.js';
import { CliError, ExitCode } from '../shared/exit-codes.js';
import { toJsonText } from '../shared/json.js';
import type { CliIO } from '../shared/io.js';
import type { Colors } from '../shared/colors.js';
import { parseTarget } from '../shared/target.js';
import { NotFoundError, readNamespaces, readServices } from '../registry/read-registry.js';
import { instancesTable, namespacesTable, serviceJson, servicesTable, type NamespaceDocument, type NamespacesDocument, type ServiceDocument } from './ls-view.js';

export interface LsOptions {
  target: string | undefined;
  json: boolean;
  zk: ZkTarget;
  io: CliIO;
  colors: Colors;
}

/** `rangerctl ls [NAMESPACE[/SERVICE]]`: reads the level asked for once, prints it, exits. */
export async function runLs(options: LsOptions): Promise<number> {
  const target = options.target === undefined ? undefined : parseTarget(options.target, { serviceRequired: false });
  const { io, colors } = options;
  const session = await openCliSession(options.zk);
  try {
    if (!target) {
      const namespaces = await readNamespaces(session);
      if (options.json) io.out(`${toJsonText({ kind: 'namespaces', namespaces } satisfies NamespacesDocument, io.stdoutIsTTY)}\n`);
      else if (namespaces.length === 0) io.err('no namespaces\n');
      else io.out(namespacesTable(namespaces, colors));
      return ExitCode.ok;
    }
    const services = await readServices(session, target.namespace, target.service);
    const now = Date.now();
    const readAt = new Date(now).toISOString();
    const [only] = services;
    if (target.service !== undefined && only) {
      if (options.json) {
        const document: ServiceDocument = { kind: 'service', namespace: target.namespace, readAt, ...serviceJson(only, now) };
        io.out(`${toJsonText(document, io.stdoutIsTTY)}\n`);
      } else if (only.instances.length === 0) {
        io.err(`${target.namespace}/${only.name} has no ${only.helper ? 'readable ' : ''}instances\n`);
      } else {
        io.out(instancesTable(only, now, colors));
      }
      return ExitCode.ok;
    }
    if (options.json) {
      const document: NamespaceDocument = { kind: 'namespace', namespace: target.namespace, readAt, services: services.map((service) => serviceJson(service, now)) };
      io.out(`${toJsonText(document, io.stdoutIsTTY)}\n`);
    } else if (services.length === 0) {
      io.err(`namespace '${target.namespace}' has no services\n`);
    } else {
      io.out(servicesTable(services, now, colors));
    }
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof NotFoundError) throw new CliError(error.message, ExitCode.failure);
    throw error;
  } finally {
    session.close();
  }
}
