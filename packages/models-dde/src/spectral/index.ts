export { spectralInit, type SpectralInit, type SpectralInitOptions } from './spectral-init.js';
export { selectLayerWidths } from './select-widths.js';
export type { SpectralVariant } from './layer-init.js';
