export * from './problem-codes.js';
export * from './classify.js';
export * from './live-sessions.js';
export * from './scan.js';
export * from './cleanup.js';
export * from './report-format.js';
