/**
 * The plugin contract (API 2), in small files: identity and kinds (`plugin-meta`), data requirements, fit options
 * and results, the open `ModelTerms` with each built-in engine's terms (`terms/*`), model instances, fitted models
 * with their capabilities and views, the saved-model format, and the five plugin kinds (`plugins`).
 */
export * from './contract/plugin-meta.js';
export * from './contract/data-requirements.js';
export * from './contract/fit-options.js';
export * from './contract/model-terms.js';
export * from './contract/prepare-context.js';
export * from './contract/terms/em.js';
export * from './contract/terms/shards.js';
export * from './contract/terms/cavi.js';
export * from './contract/terms/online-vi.js';
export * from './contract/terms/gibbs.js';
export * from './contract/terms/vi.js';
export * from './contract/terms/saem.js';
export * from './contract/terms/estimator.js';
export * from './contract/api1.js';
export * from './contract/model-instance.js';
export * from './contract/views.js';
export * from './contract/report.js';
export * from './contract/saved-model.js';
export * from './contract/fitted.js';
export * from './contract/plugins.js';
