export * from './json.js';
export * from './names.js';
export * from './service-node.js';
export * from './shard-info.js';
export * from './eligibility.js';
export * from './instance-view.js';
export * from './problems.js';
export * from './node-stat.js';
