/** ranger-desk: the Ranger engines as a library. */
export { RangerServiceFinder, type RangerServiceFinderOptions } from './finder/ranger-service-finder.js';
export { RangerFinderHub, type RangerFinderHubOptions } from './finder/ranger-finder-hub.js';
export type { FinderCommonOptions, FinderEvents } from './finder/finder-core.js';
export {
  RandomNodeSelector,
  RoundRobinNodeSelector,
  WeightedRandomNodeSelector,
  selectorByName,
  type NodeSelector,
  type SelectorName,
} from './finder/selectors.js';
export {
  allOf,
  hierarchicalEnvironment,
  withEnvironment,
  withRegion,
  withTags,
  type Criteria,
  type ListCriteria,
  type NodePredicate,
} from './finder/criteria.js';
export {
  RangerServiceProvider,
  ProviderConflictError,
  type RangerServiceProviderOptions,
  type ProviderState,
  type ConflictInfo,
  type WriteInfo,
} from './provider/ranger-service-provider.js';
export type { ServiceDetails } from './provider/provider-options.js';
export type { HealthCheckSpec, HealthCheckFunction, HealthCheckResult, HttpHealthCheckOptions } from './health/health-check.js';
export { ServiceWatcher } from './registry/service-watcher.js';
export type { InstanceRecord, ServiceDelta } from './registry/instance-record.js';
export { ZkSession, type ZkConnectOptions, type ZkState } from './zk/session.js';
export { ZkError, type ZkErrorCode } from './zk/errors.js';
export type { NodeStat } from './zk/stat.js';
export type { ZkInput } from './zk/resolve-session.js';
export type { Logger } from './util/logger.js';
export * from '../../shared/model/index.js';
export { Sandbox, type SandboxOptions } from './sandbox/sandbox.js';
export { DemoServices, DEMO_NAMESPACE } from './sandbox/demo-services.js';
export { ZooKeeperProcess, ZooKeeperEnsemble } from './sandbox/zookeeper-process.js';
export { findZooKeeperInstall } from './sandbox/zookeeper-install.js';
export * as forensics from './forensics/index.js';
export { RegistrationManager, toDaemonCommand, toDockerRun, type RegistrationStore } from './registrations/index.js';
