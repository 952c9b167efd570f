import { workspaceImport } from '../workspace-import.mjs';
const { initBackend } = await workspaceImport('@latentkit/core');
const tf = await workspaceImport('@tensorflow/tfjs-core');
await initBackend();
const n = 8004, d = 784;
const data = new Float32Array(n * d).map(() => Math.random());
const X = tf.tensor2d(data, [n, d]);
const idx = Int32Array.from({ length: 128 }, (_, i) => (i * 61) % n);
function time(name, f, reps = 50) {
  for (let i = 0; i < 5; i++) f();
  const ts = [];
  for (let r = 0; r < reps; r++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b);
  console.log(name, 'min', ts[0].toFixed(3), 'median', ts[ts.length >> 1].toFixed(3), 'ms');
}
const W = tf.randomNormal([784, 256]);
time('gather', () => { const t = tf.tidy(() => tf.gather(X, tf.tensor1d(idx, 'int32'))); t.dataSync(); t.dispose(); });
time('js copy + tensor', () => { const buf = new Float32Array(128 * d); for (let i = 0; i < 128; i++) buf.set(data.subarray(idx[i] * d, idx[i] * d + d), i * d); const t = tf.tensor2d(buf, [128, d]); t.dataSync(); t.dispose(); });
time('matmul 128x784x256', () => { const t = tf.matMul(tf.tidy(() => tf.slice(X, [0, 0], [128, d])), W); t.dataSync(); t.dispose(); });
