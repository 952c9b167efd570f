export { graphLayout, type GraphLayout, type GraphLayoutEdge, type GraphLayoutNode } from './graph-layout.js';
export { graphSpec } from './graph-spec.js';
export { heatmapSpec } from './heatmap-spec.js';
export { imagesSpec } from './images-spec.js';
export { lineSpec } from './line-spec.js';
export { scatterSpec } from './scatter-spec.js';
export { DEFAULT_VIEW_WIDTH, type VegaLiteSpec, type ViewSpecOptions } from './spec-types.js';
export { topTermsSpec } from './top-terms-spec.js';
export { viewSpec } from './view-spec.js';
