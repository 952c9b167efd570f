export type { DdeLayerStats, DdeShape, DdeStats, DdeStatsBuilder } from './dde-stats.js';
export { createStatsBuilder } from './stats-builder.js';
export { averageStats } from './average-stats.js';
export { patternKey } from './pattern-key.js';
