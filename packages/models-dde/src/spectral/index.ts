export { spectralInit, type SpectralInit, type SpectralInitOptions } from './spectral-init.js';
export { selectLayerWidths, type SelectionLatents, type SelectWidthsOptions } from './select-widths.js';
export type { SpectralVariant } from './layer-init.js';
