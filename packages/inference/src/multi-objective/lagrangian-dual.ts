/** Settings of the dual (multiplier) update of {@link updateDual}. */
export interface DualSettings {
  /** The bound ε of the constraint R ≤ ε. */
  readonly bound: number;
  /** The dual step size η. */
  readonly learningRate: number;
  /** 'additive': λ ← max(0, λ + η(R̄ − ε)); 'multiplicative' (GECO): λ ← λ·exp(η(R̄ − ε)). */
  readonly update: 'additive' | 'multiplicative';
  /** ρ ∈ [0, 1) of the moving average R̄ ← ρR̄ + (1 − ρ)R (0: R̄ = R). */
  readonly smoothing: number;
  /** λ₀ ≥ 0 (> 0 for the multiplicative update, which cannot leave 0). */
  readonly initialMultiplier: number;
}

/** The state of the dual ascent: the multiplier λ ≥ 0 and the smoothed constraint R̄ (undefined before any value). */
export interface DualState {
  /** The Lagrange multiplier λ ≥ 0 of the constraint R ≤ ε. */
  readonly multiplier: number;
  /** The exponentially smoothed constraint value R̄; undefined before the first value. */
  readonly smoothed?: number;
}

/**
 * The initial dual state λ = λ₀, after checking the settings (one-line errors naming the setting).
 * @example
 * ```ts
 * initialDual({ bound: 0.1, learningRate: 0.01, update: 'additive', smoothing: 0.99, initialMultiplier: 1 }); // { multiplier: 1 }
 * ```
 */
export function initialDual(settings: DualSettings): DualState {
  const { initialMultiplier: l0, smoothing: rho, learningRate: eta } = settings;
  if (!(l0 >= 0) || !Number.isFinite(l0)) throw new Error(`initialMultiplier must be a finite number >= 0, got ${l0}`);
  if (settings.update === 'multiplicative' && !(l0 > 0)) throw new Error('initialMultiplier must be > 0 with the multiplicative dual update (λ = 0 stays 0)');
  if (!(rho >= 0 && rho < 1)) throw new Error(`constraintSmoothing must be in [0, 1), got ${rho}`);
  if (!(eta >= 0) || !Number.isFinite(eta)) throw new Error(`dualLearningRate must be a finite number >= 0, got ${eta}`);
  if (!Number.isFinite(settings.bound)) throw new Error(`constraintBound must be a finite number, got ${settings.bound}`);
  return { multiplier: l0 };
}

/**
 * One dual step of the primal–dual (Lagrangian) method for min_θ L(θ) subject to R(θ) ≤ ε: the primal step descends
 * L + λR in θ (the caller's optimiser), this step ascends the Lagrangian in λ. With R the constraint's value at this
 * step, R̄ ← ρR̄ + (1 − ρ)R (the first value starts the average; ρ = 0: R̄ = R), then λ ← max(0, λ + η(R̄ − ε))
 * ('additive', projected gradient ascent) or λ ← λ·exp(η(R̄ − ε)) ('multiplicative', GECO). At a saddle point
 * (θ*, λ*) the KKT conditions hold: ∇L + λ*∇R = 0, R ≤ ε, λ* ≥ 0 and λ*(R − ε) = 0.
 *
 * References: K. J. Arrow, L. Hurwicz and H. Uzawa, "Studies in linear and non-linear programming", 1958; D. J.
 * Rezende and F. Viola, "Taming VAEs" (GECO), arXiv 1810.00597, 2018.
 * @example
 * ```ts
 * let dual = initialDual(settings);
 * dual = updateDual(dual, constraintValue, settings); // after each primal step on L + dual.multiplier·R
 * ```
 */
export function updateDual(state: DualState, constraint: number, settings: DualSettings): DualState {
  if (!Number.isFinite(constraint)) throw new Error(`the constraint value became ${constraint}`);
  const rho = settings.smoothing;
  const smoothed = state.smoothed === undefined || rho === 0 ? constraint : rho * state.smoothed + (1 - rho) * constraint;
  const excess = smoothed - settings.bound;
  const multiplier =
    settings.update === 'multiplicative'
      ? state.multiplier * Math.exp(settings.learningRate * excess)
      : Math.max(0, state.multiplier + settings.learningRate * excess);
  return { multiplier, smoothed };
}
