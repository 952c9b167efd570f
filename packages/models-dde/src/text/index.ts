export { anchorWordScores } from './anchor-words.js';
export { completionWordDistribution, configurationWordDistributions, type CompletionOptions, type CompletionPosterior } from './document-completion.js';
