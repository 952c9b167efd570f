export * from './contract.js';
export * from './define.js';
export * from './params.js';
export * from './registry.js';
export * from './validate-params.js';
export * from './plugin-module.js';
export * from './missing-values.js';
