import { datasetSource, loadRegisteredDataset, parseDatasetSource } from '@latentkit/app';
import { asModelData, createRng, requireColumns, trainTestSplit, type Dataset, firstLine } from '@latentkit/core';
import type { Fitted, ImagesView, ModelView, Registry, SavedModel } from '@latentkit/registry';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { LoadChoice } from '../data/sniff-data.js';
import { loadJobData } from '../training/load-job-data.js';
import type { DatasetChoice } from '../training/protocol.js';
import type { PreviewHints } from '../training/train-job.js';
import type { ModelReport, PreviewContent } from '../webviews/latent-preview/protocol.js';
import { greyRange, imageGrid, imageSide, looksLikeImages } from './image-grids.js';
import { latentScatter, type RowColumn } from './latent-scatter.js';
import { previewMetrics } from './preview-metrics.js';
import { featureColumns, otherFileColumns } from './row-columns.js';

type SavedWithHints = SavedModel & { readonly preview?: PreviewHints };

/**
 * Read a model file written by the extension or by `latentkit fit --out`, checking that it is a latentkit model
 * whose plugin is registered.
 * @throws Error with a one-line message naming the file.
 */
export async function readSavedModel(modelFile: string, registry: Registry): Promise<SavedWithHints> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(modelFile, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `cannot read ${modelFile} (no such file)` : `${modelFile} is not a latentkit model file (${firstLine(e)})`, {
      cause: e,
    });
  }
  const saved = json as Partial<SavedModel>;
  if (!saved || typeof saved !== 'object' || saved.format !== 'latentkit-model')
    throw new Error(`${modelFile} is not a latentkit model file (no "format": "latentkit-model")`);
  if (typeof saved.key === 'string' && !registry.has(saved.key)) {
    const by = saved.plugin?.name ? ` (saved by ${saved.plugin.name}@${saved.plugin.version})` : '';
    throw new Error(`${modelFile} holds a '${saved.key}' model${by}, which is not registered; add its plugin module to the latentkit.plugins setting`);
  }
  return saved as SavedWithHints;
}

/** The data file of a saved model: the extension's hint, else `data.source`; relative paths are taken from the model's folder. */
export function dataFileOf(modelFile: string, saved: SavedWithHints): string | undefined {
  const file = saved.preview?.dataFile ?? saved.data?.source;
  if (!file || file.startsWith('samples of ') || file.startsWith('<')) return undefined;
  return isAbsolute(file) ? file : resolve(dirname(modelFile), file);
}

/**
 * The registered dataset a saved model was trained on: the extension's hint (`preview.dataset`: key and options), else
 * a `data.source` such as `datasets/sparse-vae-sim rho=0.6` (`latentkit fit <key> --data …`) whose key is a dataset
 * registered in `registry`; `undefined` for a model trained on a file.
 */
export function recordedDatasetOf(saved: SavedWithHints, registry: Registry): DatasetChoice | undefined {
  if (saved.preview) return saved.preview.dataset;
  const parsed = saved.data?.source === undefined ? undefined : parseDatasetSource(saved.data.source);
  if (!parsed || !registry.has(parsed.key) || registry.get(parsed.key).kind !== 'dataset') return undefined;
  const options = Object.fromEntries(parsed.dataOptions.map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]));
  return { key: parsed.key, options };
}

/**
 * Everything the latent preview shows for a saved model, computed with the registry (so any plugin's model works):
 * the objective trace, the latent scatter with its colourings, the model's declared views (`fitted.views(data)`:
 * heatmaps, top terms, images, graphs, …), image grids of square grey-level data (data, reconstructions and decoded
 * prior draws when the model declares `decode`, samples), metrics, and the model's own report section.
 * The data (a file, or a registered dataset loaded again with its recorded options) is left out, with a note, when it
 * cannot be loaded.
 */
export async function buildPreview(modelFile: string, registry: Registry): Promise<PreviewContent> {
  const saved = await readSavedModel(modelFile, registry);
  const plugin = registry.model(saved.key);
  const fitted = registry.load(saved, modelFile);
  try {
    const dataset = recordedDatasetOf(saved, registry);
    const dataFile = dataset ? undefined : dataFileOf(modelFile, saved);
    let data: Dataset | undefined;
    let note: string | undefined;
    if (!dataFile && !dataset) note = 'the model file names no data file, so only the fit is shown';
    else {
      try {
        data = await loadModelData(saved, dataset ? () => loadRegisteredDataset(registry, dataset.key, dataset.options) : dataFile!);
      } catch (e) {
        note = `the data-dependent views are missing: ${firstLine(e)}`;
      }
    }
    const content: PreviewContent = {
      title: `${saved.key} · ${modelFile.split(/[\\/]/).pop()}`,
      model: {
        key: saved.key,
        plugin: `${saved.plugin.name}@${saved.plugin.version}`,
        ...(plugin.meta.description && { description: plugin.meta.description }),
        params: saved.params,
        engine: saved.fit.engine,
        seed: saved.fit.seed,
        iterations: saved.fit.iterations,
        converged: saved.fit.converged,
        seconds: saved.fit.seconds,
      },
      data: {
        ...(dataFile && { file: dataFile }),
        ...(dataset && { dataset: datasetSource(dataset.key, dataset.options) }),
        kind: saved.data.kind,
        nRows: data?.nRows ?? saved.data.nRows,
        nCols: saved.data.nCols,
        ...(data?.kind === 'dense' && data.labelName && { labelName: data.labelName }),
        ...(note && { note }),
      },
      trace: fitted.trace.map((t) => ({ iteration: t.iteration, objective: t.objective, restart: t.restart ?? 0 })),
      views: [],
      metrics: [],
    };
    if (!data) return { ...content, views: [...modelViews(fitted, undefined), ...images(fitted, undefined, saved, fitted.latentDim)] };
    const { train, test } = trainTestSplit(data);
    const latent = fitted.transform(data);
    const latentTrain = test ? fitted.transform(train) : latent;
    const columns: RowColumn[] = [];
    if (data.kind === 'dense') {
      columns.push(...featureColumns(data));
      if (dataFile && !/\.mtx$/i.test(dataFile)) columns.push(...(await otherFileColumns(dataFile, data).catch(() => [])));
    }
    return {
      ...content,
      latent: latentScatter(data, latent, columns),
      views: [...modelViews(fitted, train), ...images(fitted, data, saved, fitted.latentDim ?? latent.nCols)],
      metrics: previewMetrics(registry, fitted, train, test, latentTrain),
      ...report(fitted, train),
    };
  } finally {
    fitted.dispose();
  }
}

/** The model's training data again: the data file (read as it was for training), or the dataset `load` returns. */
async function loadModelData(saved: SavedWithHints, from: string | (() => Promise<Dataset>)): Promise<Dataset> {
  const load: LoadChoice = saved.preview?.load ?? (saved.data.kind === 'dense' ? { columns: saved.data.columns } : {});
  const loaded = typeof from === 'string' ? await loadJobData(from, load) : await from();
  const data = asModelData(loaded, saved.data.kind);
  if (data.kind !== saved.data.kind)
    throw new Error(
      `${typeof from === 'string' ? from : loaded.source} is ${data.kind === 'dense' ? 'a dense matrix' : 'a count matrix'}, but the model was fitted to ${saved.data.kind === 'dense' ? 'a dense matrix' : 'a count matrix'}`,
    );
  return requireColumns(data, saved.data.columns, `the model (${saved.key})`);
}

/** The views the model declares, on the training rows when there is data; none when it declares none or they fail. */
function modelViews(fitted: Fitted, train: Dataset | undefined): readonly ModelView[] {
  try {
    return fitted.views?.(train) ?? [];
  } catch {
    return [];
  }
}

/**
 * Image grids for square grey-level data: some data rows; when the fitted model declares `decode`, their
 * reconstructions E[x | z = transform(x)] and decoded prior draws E[x | z], z ~ N(0, I) in its `latentDim`
 * dimensions; and `sample` draws, which include the observation noise.
 */
function images(fitted: Fitted, data: Dataset | undefined, saved: SavedModel, latentDim: number | undefined): ImagesView[] {
  const d = saved.data.nCols;
  if (saved.data.kind !== 'dense' || !imageSide(d)) return [];
  if (data && (data.kind !== 'dense' || !looksLikeImages(data))) return [];
  const range = data?.kind === 'dense' ? (greyRange(data.values) ?? 1) : 1;
  const grids: (ImagesView | undefined)[] = [];
  const attempt = (make: () => ImagesView | undefined): void => {
    try {
      grids.push(make());
    } catch {
      // A model that cannot draw this grid shows the others.
    }
  };
  const decode = fitted.decode?.bind(fitted);
  if (data?.kind === 'dense') {
    grids.push(imageGrid('data', data.values, data.nRows, d, range));
    if (decode) {
      attempt(() => {
        const rec = decode(fitted.transform(data));
        return imageGrid('reconstructions E[x | z = posterior mean]', rec.values, rec.nRows, d, range);
      });
    }
  }
  if (decode && latentDim) {
    attempt(() => {
      const z = createRng(0).fillNormal(new Float64Array(12 * latentDim));
      const columns = Array.from({ length: latentDim }, (_, j) => `z${j + 1}`);
      const dec = decode({ nRows: 12, nCols: latentDim, values: z, columns });
      return imageGrid('decoded prior draws E[x | z], z ~ N(0, I)', dec.values, dec.nRows, d, range, 12);
    });
  }
  attempt(() => {
    const samples = fitted.sample(12, 0);
    return imageGrid('samples x ~ p(x | z) from the model', samples.values, samples.nRows, d, range, 12);
  });
  return grids.filter((g): g is ImagesView => g !== undefined);
}

const isIterationPlot = (spec: Record<string, unknown>): boolean => {
  const layers = [spec, ...((spec.layer as Record<string, unknown>[] | undefined) ?? [])];
  return layers.some((l) => ((l.encoding as { x?: { field?: string } } | undefined)?.x?.field ?? '') === 'iteration');
};

function report(fitted: Fitted, train: Dataset): { report?: ModelReport } {
  if (!fitted.report) return {};
  try {
    const section = fitted.report(train);
    return {
      report: {
        title: section.title,
        summary: section.summary,
        tables: section.tables ?? [],
        plots: section.plots.filter((p) => !isIterationPlot(p.spec)),
      },
    };
  } catch {
    return {};
  }
}
