/**
 * The catalogue of semantic mutants: one plausible mistake in the maths of tensor code (which Stryker's operators do
 * not reach: it leaves the arguments of tensor calls alone) or of the numeric kernels beside it, as data.
 * Each `find` must occur exactly once in `file` (checked by {@link checkCatalogue} of `runner.ts` and by a test).
 */

/** The kinds of mistake the catalogue covers. */
export type MutantKind = 'term scaled' | 'sum to mean' | 'parameter ignored' | 'index shifted' | 'sign flipped' | 'wrong axis' | 'normaliser off by one';

/** One semantic mutant: replace `find` by `replace` in `file` and run `tests`, which must fail. */
export interface SemanticMutant {
  readonly id: string;
  /** Path from the repository root. */
  readonly file: string;
  readonly kind: MutantKind;
  /** What the mutant gets wrong, in words. */
  readonly what: string;
  /** An exact source snippet, occurring once in `file`. */
  readonly find: string;
  readonly replace: string;
  /** Test files (from the repository root) that must catch the mutant. */
  readonly tests: readonly string[];
}

const VAE = 'packages/models-vae/src';
const OBJECTIVE_TEST = `${VAE}/common/vae-objective.test.ts`;
const LIKELIHOOD_TEST = `${VAE}/common/likelihood.test.ts`;
const UNBIASED_TEST = 'packages/inference/src/estimators/unbiasedness.test.ts';
const GMM_TEST = 'packages/models-mixture/src/gmm/gaussian-mixture.test.ts';
const LDA_TINY_TEST = 'packages/models-topic/src/lda/lda-sklearn-tiny.test.ts';

export const MUTANTS: readonly SemanticMutant[] = [
  // The VAE family's objective: ELBO assembly, KL and β weights, likelihood terms.
  {
    id: 'vae-loss-kl-weight-ignored',
    file: `${VAE}/vae/vae-family.ts`,
    kind: 'parameter ignored',
    what: 'the VAE loss ignores the KL weight (β, warm-up)',
    find: 'loss: tf.sub(tf.mul(kl, ctx.klWeight), tf.mean(sample.surrogate(ll))) as tf.Scalar,',
    replace: 'loss: tf.sub(kl, tf.mean(sample.surrogate(ll))) as tf.Scalar,',
    tests: [OBJECTIVE_TEST],
  },
  {
    id: 'vae-elbo-kl-doubled',
    file: `${VAE}/vae/vae-family.ts`,
    kind: 'term scaled',
    what: 'the minibatch ELBO subtracts the KL twice',
    find: 'elbo: tf.sub(tf.mean(ll), kl) as tf.Scalar,',
    replace: 'elbo: tf.sub(tf.mean(ll), tf.mul(kl, 2)) as tf.Scalar,',
    tests: [OBJECTIVE_TEST],
  },
  {
    id: 'vae-elbo-rows-kl-sign',
    file: `${VAE}/vae/vae-family.ts`,
    kind: 'sign flipped',
    what: 'the per-row ELBO adds the KL instead of subtracting it',
    find: 'return tf.sub(logLikRows(params.likelihood, w, out, batch.x, batch.logNorm), klRows(loc, logScale)) as tf.Tensor1D;',
    replace: 'return tf.add(logLikRows(params.likelihood, w, out, batch.x, batch.logNorm), klRows(loc, logScale)) as tf.Tensor1D;',
    tests: [OBJECTIVE_TEST],
  },
  {
    id: 'vae-iwae-latent-ratio-ignored',
    file: `${VAE}/vae/vae-family.ts`,
    kind: 'parameter ignored',
    what: 'the importance weights leave out log p(z) − log q(z | x)',
    find: 'return tf.reshape(tf.add(ll, latentLogRatio(z, loc, logScale)), [samples, batch.size]) as tf.Tensor2D;',
    replace: 'return tf.reshape(ll, [samples, batch.size]) as tf.Tensor2D;',
    tests: [OBJECTIVE_TEST],
  },
  {
    id: 'vae-iwae-log-s-dropped',
    file: `${VAE}/common/vae-terms.ts`,
    kind: 'normaliser off by one',
    what: 'the IWAE bound is log Σ_s w_s instead of log (1/S) Σ_s w_s',
    find: 'opts.rng, s), 0), Math.log(s))));',
    replace: 'opts.rng, s), 0), Math.log(1))));',
    tests: [OBJECTIVE_TEST],
  },
  {
    id: 'vae-evaluate-mean-off-by-one',
    file: `${VAE}/common/vae-terms.ts`,
    kind: 'normaliser off by one',
    what: 'the mean ELBO over rows divides by N − 1',
    find: 'return { elbo: elbo / data.n,',
    replace: 'return { elbo: elbo / (data.n - 1),',
    tests: [OBJECTIVE_TEST],
  },
  {
    id: 'likelihood-sum-to-mean',
    file: `${VAE}/common/likelihood.ts`,
    kind: 'sum to mean',
    what: 'the row log-likelihood averages over features instead of summing',
    find: 'const ll = tf.sum(perFeature(), 1);',
    replace: 'const ll = tf.mean(perFeature(), 1);',
    tests: [LIKELIHOOD_TEST],
  },
  {
    id: 'likelihood-lognorm-ignored',
    file: `${VAE}/common/likelihood.ts`,
    kind: 'parameter ignored',
    what: 'the count likelihoods leave out −Σ_j log x_ij!',
    find: 'return (logNorm ? tf.add(ll, logNorm) : ll) as tf.Tensor1D;',
    replace: 'return ll as tf.Tensor1D;',
    tests: [LIKELIHOOD_TEST],
  },
  {
    id: 'likelihood-nb-logit-sign',
    file: `${VAE}/common/likelihood.ts`,
    kind: 'sign flipped',
    what: 'the negative binomial takes −ℓ for its logit',
    find: 'return negativeBinomialLogProb(x, tf.exp(w[LOG_TOTAL_COUNT]), out, false);',
    replace: 'return negativeBinomialLogProb(x, tf.exp(w[LOG_TOTAL_COUNT]), tf.neg(out), false);',
    tests: [LIKELIHOOD_TEST],
  },
  {
    id: 'likelihood-nb-mean-count-ignored',
    file: `${VAE}/common/likelihood.ts`,
    kind: 'parameter ignored',
    what: 'the negative binomial mean r·e^ℓ drops r',
    find: 'return tf.mul(tf.exp(w[LOG_TOTAL_COUNT]), tf.exp(out));',
    replace: 'return tf.exp(out);',
    tests: [LIKELIHOOD_TEST, `${VAE}/vae/vae-sample-transform.test.ts`],
  },
  {
    id: 'kl-rows-sum-to-mean',
    file: `${VAE}/common/latent-kl.ts`,
    kind: 'sum to mean',
    what: 'the KL per row averages over latents instead of summing',
    find: 'return tf.sum(normalKl(locQ, logScaleQ, locP, logScaleP), 1) as tf.Tensor1D;',
    replace: 'return tf.mean(normalKl(locQ, logScaleQ, locP, logScaleP), 1) as tf.Tensor1D;',
    tests: [LIKELIHOOD_TEST, OBJECTIVE_TEST],
  },
  {
    id: 'mws-log-nm-off-by-one',
    file: `${VAE}/beta-tcvae/mws.ts`,
    kind: 'normaliser off by one',
    what: 'minibatch-weighted sampling normalises by N·(B − 1)',
    find: 'const logNm = Math.log(nData * b);',
    replace: 'const logNm = Math.log(nData * (b - 1));',
    tests: [`${VAE}/beta-tcvae/mws.test.ts`],
  },
  {
    id: 'mws-product-wrong-axis',
    file: `${VAE}/beta-tcvae/mws.ts`,
    kind: 'wrong axis',
    what: 'log q(z_ik) sums over the sampled rows instead of the batch rows m',
    find: 'const logQzProduct = tf.sum(tf.sub(tf.logSumExp(pairwise, 1), logNm), 1);',
    replace: 'const logQzProduct = tf.sum(tf.sub(tf.logSumExp(pairwise, 0), logNm), 1);',
    tests: [`${VAE}/beta-tcvae/mws.test.ts`],
  },
  {
    id: 'tcvae-beta-ignored',
    file: `${VAE}/beta-tcvae/beta-tcvae.ts`,
    kind: 'parameter ignored',
    what: 'β-TCVAE weights the total correlation by 1 instead of β',
    find: 'const penalty = tf.add(tf.add(mutualInformation, tf.mul(totalCorrelation, params.beta)), dimensionKl);',
    replace: 'const penalty = tf.add(tf.add(mutualInformation, totalCorrelation), dimensionKl);',
    tests: [OBJECTIVE_TEST],
  },
  {
    id: 'tcvae-kl-weight-ignored',
    file: `${VAE}/beta-tcvae/beta-tcvae.ts`,
    kind: 'parameter ignored',
    what: 'β-TCVAE ignores the engine KL weight (warm-up)',
    find: 'const f = tf.sub(ll, tf.mul(penalty, ctx.klWeight)) as tf.Tensor1D;',
    replace: 'const f = tf.sub(ll, penalty) as tf.Tensor1D;',
    tests: [OBJECTIVE_TEST],
  },
  // Core distributions used by every objective.
  {
    id: 'normal-kl-var-ratio-halved',
    file: 'packages/core/src/distributions/normal.ts',
    kind: 'term scaled',
    what: 'the Gaussian KL uses σp/σq instead of σp²/σq²',
    find: 'const varRatio = tf.exp(tf.mul(logRatio, 2));',
    replace: 'const varRatio = tf.exp(logRatio);',
    tests: ['packages/core/src/distributions/reference.test.ts'],
  },
  {
    id: 'normal-log-prob-constant',
    file: 'packages/core/src/distributions/normal.ts',
    kind: 'term scaled',
    what: 'the Gaussian log-density subtracts log 2π instead of ½ log 2π',
    find: 'return tf.sub(tf.mul(tf.square(u), -0.5), tf.add(logScale, 0.5 * LOG_2PI));',
    replace: 'return tf.sub(tf.mul(tf.square(u), -0.5), tf.add(logScale, LOG_2PI));',
    tests: ['packages/core/src/distributions/reference.test.ts'],
  },
  // Gradient estimators.
  {
    id: 'score-function-sign',
    file: 'packages/inference/src/estimators/score-function-estimator.ts',
    kind: 'sign flipped',
    what: 'the score-function surrogate subtracts (f − b)·log q',
    find: 'const score = tf.add(f, tf.mul(stopGradient(tf.sub(fixed, b)), gradientOnly(logq)));',
    replace: 'const score = tf.sub(f, tf.mul(stopGradient(tf.sub(fixed, b)), gradientOnly(logq)));',
    tests: [UNBIASED_TEST],
  },
  {
    id: 'score-function-log-scale-ignored',
    file: 'packages/inference/src/estimators/score-function-estimator.ts',
    kind: 'parameter ignored',
    what: 'the Gaussian score log q(z) ignores log σ',
    find: 'return this.sample(z, sumPerSample(normalLogProb(z, loc, logScale)),',
    replace: 'return this.sample(z, sumPerSample(normalLogProb(z, loc, tf.zerosLike(logScale))),',
    tests: [UNBIASED_TEST],
  },
  {
    id: 'leave-one-out-wrong-axis',
    file: 'packages/inference/src/estimators/baselines/leave-one-out-baseline.ts',
    kind: 'wrong axis',
    what: 'the leave-one-out baseline sums over rows instead of particles (it then depends on the sample itself)',
    find: 'const others = tf.div(tf.sub(tf.sum(byParticle, 0, true), byParticle), s - 1);',
    replace: 'const others = tf.div(tf.sub(tf.sum(byParticle, 1, true), byParticle), s - 1);',
    tests: [UNBIASED_TEST],
  },
  {
    id: 'stop-gradient-passes-gradient',
    file: 'packages/inference/src/estimators/stop-gradient.ts',
    kind: 'parameter ignored',
    what: 'stopGradient lets the gradient through, so the score term vanishes',
    find: 'gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy)',
    replace: 'gradFunc: (dy: tf.Tensor) => dy',
    tests: [UNBIASED_TEST],
  },
  // GMM E-step kernels.
  {
    id: 'gmm-block-estep-half-scaled',
    file: 'packages/models-mixture/src/gmm/gmm-block-estep.ts',
    kind: 'term scaled',
    what: 'the block E-step log-density uses ¼‖z‖² instead of ½‖z‖²',
    find: 'const lp32 = tf.sub(p.logConst, tf.mul(tf.sum(tf.square(z), 2), 0.5)) as tf.Tensor2D;',
    replace: 'const lp32 = tf.sub(p.logConst, tf.mul(tf.sum(tf.square(z), 2), 0.25)) as tf.Tensor2D;',
    tests: [GMM_TEST],
  },
  {
    id: 'gmm-block-estep-wrong-axis',
    file: 'packages/models-mixture/src/gmm/gmm-block-estep.ts',
    kind: 'wrong axis',
    what: 'the responsibilities normalise over rows instead of components',
    find: 'const lse = tf.logSumExp(lp, 1, true);',
    replace: 'const lse = tf.logSumExp(lp, 0, true);',
    tests: [GMM_TEST],
  },
  {
    id: 'gmm-block-estep-entropy-ignores-r',
    file: 'packages/models-mixture/src/gmm/gmm-block-estep.ts',
    kind: 'parameter ignored',
    what: 'Σ r log r drops the weights r',
    find: 'p.plan.entropy ? tf.sum(tf.mul(r, logResp)) : tf.scalar(0)',
    replace: 'p.plan.entropy ? tf.sum(logResp) : tf.scalar(0)',
    tests: ['packages/models-mixture/src/bgm/bayesian-gmm.test.ts'],
  },
  {
    id: 'gmm-block-estep-offset-row',
    file: 'packages/models-mixture/src/gmm/gmm-block-estep.ts',
    kind: 'index shifted',
    what: 'the −b̃ row of [W̃; −b̃] is written one row up, over the last row of W̃',
    find: 'for (let i = 0; i < kd; i++) wb[d * kd + i] = -f.b[i];',
    replace: 'for (let i = 0; i < kd; i++) wb[(d - 1) * kd + i] = -f.b[i];',
    tests: [GMM_TEST],
  },
  {
    id: 'gmm-whitened-sum-to-mean',
    file: 'packages/models-mixture/src/gmm/gmm-estep.ts',
    kind: 'sum to mean',
    what: 'the log-density of transform/score averages ‖z‖² over dimensions',
    find: 'return tf.sub(f.logConst, tf.mul(tf.sum(tf.square(z), 2), 0.5)) as tf.Tensor2D;',
    replace: 'return tf.sub(f.logConst, tf.mul(tf.mean(tf.square(z), 2), 0.5)) as tf.Tensor2D;',
    tests: [GMM_TEST],
  },
  {
    id: 'gmm-objective-off-by-one',
    file: 'packages/models-mixture/src/gmm/gmm-estep.ts',
    kind: 'normaliser off by one',
    what: 'the mean log-likelihood divides by N + 1',
    find: 'if (!data.missing) return { stats, objective: sumLogLik / data.nComplete, sumRLogR };',
    replace: 'if (!data.missing) return { stats, objective: sumLogLik / (data.nComplete + 1), sumRLogR };',
    tests: [GMM_TEST],
  },
  // Factor analysis and PPCA.
  {
    id: 'factor-posterior-identity-halved',
    file: 'packages/models-factor/src/shared/linear-gaussian.ts',
    kind: 'term scaled',
    what: 'the posterior precision is ½I + WᵀΨ⁻¹W instead of I + WᵀΨ⁻¹W',
    find: 'for (let a = 0; a < k; a++) p[a * k + a] += 1;',
    replace: 'for (let a = 0; a < k; a++) p[a * k + a] += 0.5;',
    tests: ['packages/models-factor/src/shared/linear-gaussian.test.ts'],
  },
  {
    id: 'factor-loglik-dimension-off-by-one',
    file: 'packages/models-factor/src/shared/linear-gaussian.ts',
    kind: 'normaliser off by one',
    what: 'the Gaussian constant counts D − 1 dimensions',
    find: 'const constant = d * LOG_2PI + f.logDetC;',
    replace: 'const constant = (d - 1) * LOG_2PI + f.logDetC;',
    tests: ['packages/models-factor/src/shared/linear-gaussian.test.ts'],
  },
  {
    id: 'ppca-sigma2-off-by-one',
    file: 'packages/models-factor/src/ppca/ppca-closed-form.ts',
    kind: 'normaliser off by one',
    what: 'σ² averages the discarded eigenvalues over D − K + 1',
    find: 'const sigma2 = (scale * discarded) / (d - k);',
    replace: 'const sigma2 = (scale * discarded) / (d - k + 1);',
    tests: ['packages/models-factor/src/ppca/probabilistic-pca.test.ts'],
  },
  {
    id: 'fa-noise-ignores-explained',
    file: 'packages/models-factor/src/fa/fa-em-step.ts',
    kind: 'parameter ignored',
    what: 'the FA noise update keeps the total variance, ignoring what the factors explain',
    find: 'noise[j] = Math.max(variance[j] - h, floor);',
    replace: 'noise[j] = Math.max(variance[j], floor);',
    tests: ['packages/models-factor/src/fa/factor-analysis.test.ts'],
  },
  // LDA E-step and M-step.
  {
    id: 'lda-estep-alpha-ignored',
    file: 'packages/models-topic/src/lda/lda-estep.ts',
    kind: 'parameter ignored',
    what: 'the document update γ = α + … drops the prior α',
    find: 'gamma[j] = alpha + f64[e + j] * f64[out + j];',
    replace: 'gamma[j] = f64[e + j] * f64[out + j];',
    tests: [LDA_TINY_TEST],
  },
  {
    id: 'lda-bound-norm-index-shifted',
    file: 'packages/models-topic/src/lda/lda-estep.ts',
    kind: 'index shifted',
    what: 'the bound reads the normaliser of the next word',
    find: 'bound += f64[(ws.cnts >> 3) + start + w] * Math.log(f64[norms + w]);',
    replace: 'bound += f64[(ws.cnts >> 3) + start + w] * Math.log(f64[norms + w + 1]);',
    tests: [LDA_TINY_TEST],
  },
  {
    id: 'lda-mstep-eta-doubled',
    file: 'packages/models-topic/src/lda/lda-vb.ts',
    kind: 'term scaled',
    what: 'the batch M-step adds 2η instead of η',
    find: 'for (let i = 0; i < stats.length; i++) stats[i] += eta;',
    replace: 'for (let i = 0; i < stats.length; i++) stats[i] += 2 * eta;',
    tests: [LDA_TINY_TEST],
  },
  {
    id: 'lda-online-scale-off-by-one',
    file: 'packages/models-topic/src/lda/lda-vb.ts',
    kind: 'normaliser off by one',
    what: 'the online update scales the minibatch by D / (|B| + 1)',
    find: 'const scale = totalDocs / batchDocs;',
    replace: 'const scale = totalDocs / (batchDocs + 1);',
    tests: [LDA_TINY_TEST],
  },
  // Metrics.
  {
    id: 'mutual-info-log-n-dropped',
    file: 'packages/metrics/src/stats/contingency.ts',
    kind: 'term scaled',
    what: 'the mutual information adds log N once instead of twice',
    find: 'nm * (-Math.log(outer) + logN + logN);',
    replace: 'nm * (-Math.log(outer) + logN);',
    tests: ['packages/metrics/src/clustering/clustering.test.ts'],
  },
  {
    id: 'mig-second-best-index-shifted',
    file: 'packages/metrics/src/disentanglement/mig.ts',
    kind: 'index shifted',
    what: 'MIG subtracts the third-best code instead of the second',
    find: 'return (m[0] - (m[1] ?? 0)) / h;',
    replace: 'return (m[0] - (m[2] ?? 0)) / h;',
    tests: ['packages/metrics/src/disentanglement/mig.test.ts'],
  },
  {
    id: 'correlation-mean-off-by-one',
    file: 'packages/metrics/src/stats/correlation.ts',
    kind: 'normaliser off by one',
    what: 'the column mean of a correlation divides by N − 1',
    find: 'mean /= c.length;',
    replace: 'mean /= c.length - 1;',
    tests: ['packages/metrics/src/identifiability/mcc.test.ts'],
  },
  // Core float64 linear algebra.
  {
    id: 'cholesky-inner-product-off-by-one',
    file: 'packages/core/src/linalg/cholesky.ts',
    kind: 'index shifted',
    what: 'the Cholesky inner product stops one term early',
    find: 'for (let k = 0; k < j; k++) s -= l[li + k] * l[lj + k];',
    replace: 'for (let k = 0; k < j - 1; k++) s -= l[li + k] * l[lj + k];',
    tests: ['packages/core/src/linalg/cholesky.test.ts'],
  },
  // Second batch: mistakes that change a variance, a sampler or a helper kernel rather than an objective.
  {
    id: 'vae-prior-scale',
    file: `${VAE}/vae/vae-family.ts`,
    kind: 'term scaled',
    what: 'the VAE samples its prior with standard deviation 1.05 instead of 1',
    find: "tf.randomNormal([n, params.latentDim], 0, 1, 'float32', rng.tfSeed())",
    replace: "tf.randomNormal([n, params.latentDim], 0, 1.05, 'float32', rng.tfSeed())",
    tests: [`${VAE}/vae/vae-sample-transform.test.ts`],
  },
  {
    id: 'leave-one-out-normaliser',
    file: 'packages/inference/src/estimators/baselines/leave-one-out-baseline.ts',
    kind: 'normaliser off by one',
    what: 'the leave-one-out baseline divides the sum of the other S − 1 particles by S',
    find: 'tf.sub(tf.sum(byParticle, 0, true), byParticle), s - 1);',
    replace: 'tf.sub(tf.sum(byParticle, 0, true), byParticle), s);',
    tests: ['packages/inference/src/estimators/score-function.test.ts', 'packages/inference/src/estimators/baselines/baselines.test.ts'],
  },
  {
    id: 'moving-average-bias-correction-dropped',
    file: 'packages/inference/src/estimators/baselines/moving-average-baseline.ts',
    kind: 'parameter ignored',
    what: 'the moving-average baseline drops its bias correction 1 − d^t',
    find: 'return a && a.count > 0 ? a.raw / (1 - this.decay ** a.count) : 0;',
    replace: 'return a && a.count > 0 ? a.raw : 0;',
    tests: ['packages/inference/src/estimators/score-function.test.ts', 'packages/inference/src/estimators/baselines/baselines.test.ts'],
  },
  {
    id: 'gmm-moments-resp-ignored',
    file: 'packages/models-mixture/src/gmm/gmm-stats.ts',
    kind: 'parameter ignored',
    what: 'the block moments sum the whitened residuals unweighted by the responsibilities',
    find: 'const rz = tf.reshape(tf.mul(z, tf.reshape(resp, [b, k, 1])), [b, k * d]);',
    replace: 'const rz = tf.reshape(z, [b, k * d]);',
    tests: [GMM_TEST],
  },
  {
    id: 'lda-js-kernel-index-shifted',
    file: 'packages/models-topic/src/lda/lda-kernel.ts',
    kind: 'index shifted',
    what: 'the JavaScript kernel dot product pairs odd topics of E with even topics of the table',
    find: 's1 += f64[e + j + 1] * f64[row + j + 1];',
    replace: 's1 += f64[e + j + 1] * f64[row + j];',
    tests: ['packages/models-topic/src/lda/lda-kernel.test.ts'],
  },
  {
    id: 'perplexity-words-off-by-one',
    file: 'packages/metrics/src/likelihood/perplexity.ts',
    kind: 'normaliser off by one',
    what: 'perplexity divides the log-likelihood by the word count plus one',
    find: 'value: Math.exp(-ll / words),',
    replace: 'value: Math.exp(-ll / (words + 1)),',
    tests: ['packages/metrics/src/likelihood/likelihood.test.ts'],
  },
  // Third batch: the other VAE models' objectives and the relaxed samplers.
  {
    id: 'hvae-loss-kl1-weight-ignored',
    file: `${VAE}/hierarchical/hierarchical-vae.ts`,
    kind: 'parameter ignored',
    what: "the hierarchical VAE's loss ignores the KL weight on its first layer's KL",
    find: 'const f = tf.sub(ll, tf.mul(kl1, ctx.klWeight)) as tf.Tensor1D;',
    replace: 'const f = tf.sub(ll, kl1) as tf.Tensor1D;',
    tests: [`${VAE}/hierarchical/hierarchical-vae.test.ts`],
  },
  {
    id: 'hvae-iwae-prior-scale-ignored',
    file: `${VAE}/hierarchical/hierarchical-vae.ts`,
    kind: 'parameter ignored',
    what: "the hierarchical VAE's importance weights score z₁ under its conditional prior with σ = 1",
    find: 'tf.sub(normalLogProb(z1, p1.loc, p1.logScale), normalLogProb(z1, q1.loc, q1.logScale)),',
    replace: 'tf.sub(normalLogProb(z1, p1.loc, 0), normalLogProb(z1, q1.loc, q1.logScale)),',
    tests: [`${VAE}/hierarchical/hierarchical-vae.test.ts`],
  },
  {
    id: 'discrete-vae-elbo-kl-sign',
    file: `${VAE}/discrete/discrete-vae.ts`,
    kind: 'sign flipped',
    what: 'the discrete VAE minibatch ELBO adds the KL to the uniform prior',
    find: 'elbo: tf.sub(tf.mean(ll), kl) as tf.Scalar };',
    replace: 'elbo: tf.add(tf.mean(ll), kl) as tf.Scalar };',
    tests: [`${VAE}/discrete/discrete-vae.test.ts`],
  },
  {
    id: 'relaxed-bernoulli-temperature-ignored',
    file: 'packages/core/src/distributions/relaxed-bernoulli.ts',
    kind: 'parameter ignored',
    what: 'relaxed Bernoulli draws ignore the temperature',
    find: 'return tf.div(tf.add(this.logits(), noise), toFloat(this.params.temperature));',
    replace: 'return tf.add(this.logits(), noise);',
    tests: ['packages/core/src/distributions/sampling.test.ts', 'packages/core/src/distributions/rsample-gradient.test.ts'],
  },
];

/**
 * Survivors accepted as equivalent (or not worth a test), by mutant id, each with a one-sentence argument.
 * A survivor not listed here fails the run.
 */
export const ACCEPTED: Readonly<Record<string, string>> = {};
