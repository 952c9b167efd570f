export {
  collectRows,
  denseSource,
  observeRows,
  STREAM_BLOCK_ROWS,
  type DenseRowSource,
  type PassProgress,
  type RowBlock,
  type RowSource,
  type StreamCounters,
} from './row-source.js';
export { fileChunks, STREAM_CHUNK_BYTES, type ChunkOpener } from './file-chunks.js';
export { delimitedSource, openDelimitedSource, type DelimitedSource, type DelimitedSourceOptions } from './delimited-source.js';
export { matrixMarketSource, openMatrixMarketSource, type MatrixMarketSource, type MatrixMarketSourceOptions } from './matrix-market-source.js';
export { Reservoir, reservoirSample, reservoirSampleRows, reservoirSamples } from './reservoir.js';
export { streamDataHash } from './stream-hash.js';
export { openRowSource, type OpenRowSourceOptions } from './open-row-source.js';
export { openParquetSource, type ParquetSource, type ParquetSourceOptions } from './parquet-source.js';
export { shuffledBatches, type ShuffledBatch, type ShuffledBatchesOptions } from './shuffle-buffer.js';
