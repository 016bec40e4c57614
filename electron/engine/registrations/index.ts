export * from './registration-manager.js';
export * from './registration-commands.js';
