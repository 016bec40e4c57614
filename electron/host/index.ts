/** RangerHost: the contract in shared/contract.ts over the engines, for any transport. */
export { RangerHost, LOCAL_CLIENT, SANDBOX_PROFILE_ID, AUDIT_LOG_FILE, type HostEvent, type HostEventListener, type RangerHostOptions } from './ranger-host.js';
export { MemorySecretStore, type SecretStore } from './secret-store.js';
export { writeFileAtomic, SerialWriter } from './atomic-file.js';
export { mergeFrames } from './frame-merge.js';
export { packageRoot, packageVersion } from './app-version.js';
export { stderrLogger } from './stderr-logger.js';
export { HeldEvents } from './held-events.js';
export { disposeWithin } from './dispose-within.js';
export { REGISTRATIONS_FILE } from './registration-store.js';
