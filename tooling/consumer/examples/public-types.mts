// Type-checked by the consumer test with `module: NodeNext` against the installed tarballs; never run.
import { initBackend, loadDenseCsv, type DenseDataset } from '@latentkit/core';
import { createRegistry, type Fitted, type Model, type SavedModel } from '@latentkit/registry';
import { cavi, em, saem, vi } from '@latentkit/inference';
import { gmm, type GmmParams } from '@latentkit/models-mixture';
import { fa, type FaParams } from '@latentkit/models-factor';
import { lda } from '@latentkit/models-topic';
import { cvae, vae, type CvaeParams, type VaeParams } from '@latentkit/models-vae';
import { dde, type DdeParams } from '@latentkit/models-dde';
import { gaussianMixture, loadBundled } from '@latentkit/datasets';
import { adjustedRandIndex } from '@latentkit/metrics';
import { checkModelPlugin } from '@latentkit/testing';
import { loadH5ad } from '@latentkit/anndata';
import { viewSpec, type VegaLiteSpec } from '@latentkit/app-views';
import { BUILTIN_PLUGINS, type FitRequest } from '@latentkit/app';

await initBackend();
const registry = createRegistry().register(gmm, fa, lda, vae, cvae, dde, em, cavi, vi, saem);

// Registry keys are typed by each model package's declaration merging.
const model: Model<GmmParams> = registry.create('mixture/gmm', { nComponents: 2, covarianceType: 'diag' });
const factorParams: Partial<FaParams> = { nComponents: 2, rotation: 'varimax' };
const vaeParams: Partial<VaeParams> = { latentDim: 2, epochs: 3 };
const cvaeParams: Partial<CvaeParams> = { sharedDim: 2, salientDim: 2 };
const ddeParams: Partial<DdeParams> = { layers: [6, 2] };
registry.create('factor/fa', factorParams);
registry.create('vae/vae', vaeParams);
registry.create('contrastive/cvae', cvaeParams);
registry.create('dde/dde', ddeParams);

const data: DenseDataset = gaussianMixture({ n: 100, seed: 0 }).data;
const fitted: Fitted<GmmParams> = await model.fit(data, { seed: 0, maxIter: 10 });
const saved: SavedModel = fitted.toJSON();
const score: number = registry.load(saved).score(data);
const ari: number = adjustedRandIndex([[0], [1]], [[1], [0]]).value;
const iris: DenseDataset = await loadBundled('iris');
const csv: Promise<DenseDataset> = loadDenseCsv('data.csv');
const cells: Promise<DenseDataset> = loadH5ad('cells.h5ad');
const specs: (VegaLiteSpec | undefined)[] = (fitted.views?.(data) ?? []).map((view) => viewSpec(view));
const request: Partial<FitRequest> = {};
checkModelPlugin(gmm, { data });
console.log(score, ari, iris.nRows, csv, cells, specs, request, BUILTIN_PLUGINS.length);
