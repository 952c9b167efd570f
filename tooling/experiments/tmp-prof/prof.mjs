import { workspaceImport } from '../workspace-import.mjs';
const { initBackend, splitRows, createRng } = await workspaceImport('@latentkit/core');
const { validateParams } = await workspaceImport('@latentkit/registry');
const { loadMnist } = await workspaceImport('@latentkit/datasets');
const { vae } = await workspaceImport('@latentkit/models-vae');
const { adam, createEstimator } = await workspaceImport('@latentkit/inference');
const tf = await workspaceImport('@tensorflow/tfjs-core');
await initBackend();
const mnist = await loadMnist({ binarize: 0.5, importModule: (s) => workspaceImport(s) });
const train = splitRows(mnist, 'train');
const params = validateParams('vae/vae', vae.params, vae.defaults, { likelihood: 'bernoulli', latentDim: 20, hiddenUnits: [256] });
const terms = vae.create(params).terms.vi;
const prepared = terms.prepare(train);
const rng = createRng(0);
const state = terms.init(prepared, rng);
const est = createEstimator('estimators/reparam', { latents: ['gaussian'] });
const vars = terms.variables(state);
const opt = adam();
const batch = Int32Array.from({ length: 128 }, (_, i) => i * 7);
const ctx = { rng, estimator: est, klWeight: 1, nParticles: 1, temperature: 1, step: 0, epoch: 0, training: true };
function time(name, f, reps = 30) {
  for (let i = 0; i < 3; i++) f();
  const ts = [];
  for (let r = 0; r < reps; r++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  console.log(name, ts[ts.length >> 1].toFixed(2), 'ms');
}
for (let round = 0; round < 2; round++) {
time('forward loss', () => { const v = tf.tidy(() => terms.loss(state, prepared, batch, ctx).loss); v.dataSync(); v.dispose(); });
time('grads', () => { tf.tidy(() => { const { grads } = tf.variableGrads(() => terms.loss(state, prepared, batch, ctx).loss, vars); Object.values(grads)[0].dataSync(); }); });
time('grads+adam', () => { tf.tidy(() => { const { grads } = tf.variableGrads(() => terms.loss(state, prepared, batch, ctx).loss, vars); opt.apply(vars, grads, 1e-3); }); vars[0].dataSync(); });
time('adam only', () => { tf.tidy(() => { const grads = Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)])); opt.apply(vars, grads, 1e-3); }); vars[0].dataSync(); });
}
const prof = await tf.profile(() => { tf.tidy(() => { const { grads } = tf.variableGrads(() => terms.loss(state, prepared, batch, ctx).loss, vars); opt.apply(vars, grads, 1e-3); }); });
const byKernel = {};
for (const k of prof.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + k.kernelTimeMs;
console.log(Object.entries(byKernel).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k} ${v.toFixed(2)}`).join('\n'));
console.log('kernels', prof.kernels.length);
for (const k of prof.kernels.filter((k) => ['RealDiv', 'GatherV2', 'BatchMatMul', 'forward', 'Mean'].includes(k.name))) console.log(k.name, k.kernelTimeMs.toFixed(2), JSON.stringify(k.inputShapes), JSON.stringify(k.outputShapes));
