import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** How a local ZooKeeper server can be started on this machine. */
export type ZooKeeperInstall =
  | { kind: 'classpath'; java: string; classpath: string; source: string }
  | { kind: 'script'; script: string; source: string };

export const DEBIAN_ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';

export const INSTALL_HINT =
  'No ZooKeeper install found: install one (Debian/Ubuntu: `apt-get install -y zookeeper`; macOS: `brew install zookeeper`) ' +
  'or set ZOOKEEPER_HOME to an unpacked Apache ZooKeeper release.';

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

function jarsIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jar'))
    .map((name) => join(dir, name));
}

/**
 * Finds a ZooKeeper install: ZOOKEEPER_HOME (a release: lib/*.jar), else Debian's jar (its manifest
 * carries the dependency classpath), else zkServer.sh on PATH. Returns undefined when there is none.
 */
export function findZooKeeperInstall(env: NodeJS.ProcessEnv = process.env): ZooKeeperInstall | undefined {
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : (findOnPath('java', env) ?? 'java');
  const home = env.ZOOKEEPER_HOME;
  if (home) {
    const jars = [...jarsIn(home), ...jarsIn(join(home, 'lib'))];
    if (jars.length > 0) return { kind: 'classpath', java, classpath: jars.join(delimiter), source: `ZOOKEEPER_HOME=${home}` };
  }
  if (existsSync(DEBIAN_ZOOKEEPER_JAR) && (env.JAVA_HOME || findOnPath('java', env))) {
    return { kind: 'classpath', java, classpath: DEBIAN_ZOOKEEPER_JAR, source: DEBIAN_ZOOKEEPER_JAR };
  }
  const script = findOnPath('zkServer.sh', env);
  if (script) return { kind: 'script', script, source: script };
  return undefined;
}
