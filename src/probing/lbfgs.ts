/** `f(x, grad)`: the objective at x, with its gradient written into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Correction pairs kept. Default 10. */
  memory?: number;
  /** Default 1000. */
  maxIterations?: number;
  /** Stop test, called after every accepted step with the objective and the squared gradient norm. */
  done: (value: number, gradNormSq: number) => boolean;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradNormSq: number;
  iterations: number;
  evaluations: number;
  /** `done` said yes (false: iteration limit, or no step along the search direction lowered the objective). */
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Limited-memory BFGS (Nocedal & Wright, alg. 7.4/7.5) with a backtracking Armijo line search. Deterministic: the
 * same objective and start give the same iterates bit for bit. Meant for smooth convex objectives (the linear
 * probe), where every step keeps sᵀy > 0; a pair that does not is skipped rather than corrupting the curvature.
 */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = start.length;
  const memory = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 1000;
  const x = start.slice();
  const g = new Float64Array(n);
  let value = objective(x, g);
  let evaluations = 1;
  let gradNormSq = dot(g, g);
  const s: Float64Array[] = [], y: Float64Array[] = [], rho: number[] = [];
  const alpha = new Float64Array(memory);
  const d = new Float64Array(n), xNew = new Float64Array(n), gNew = new Float64Array(n);
  let iterations = 0;
  let converged = options.done(value, gradNormSq);
  while (!converged && iterations < maxIterations) {
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], d);
      for (let i = 0; i < n; i++) d[i] -= alpha[k] * y[k][i];
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(y[k], d);
      for (let i = 0; i < n; i++) d[i] += s[k][i] * (alpha[k] - beta);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0; y.length = 0; rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = -gradNormSq;
    }
    let step = s.length === 0 ? Math.min(1, 1 / Math.sqrt(gradNormSq)) : 1;
    let accepted = false, valueNew = value;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      valueNew = objective(xNew, gNew);
      evaluations++;
      if (valueNew <= value + 1e-4 * step * slope) { accepted = true; break; }
      step *= 0.5;
    }
    if (!accepted) break;
    const sk = new Float64Array(n), yk = new Float64Array(n);
    for (let i = 0; i < n; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
      if (s.length === memory) { s.shift(); y.shift(); rho.shift(); }
      s.push(sk); y.push(yk); rho.push(1 / sy);
    }
    x.set(xNew);
    g.set(gNew);
    value = valueNew;
    gradNormSq = dot(g, g);
    iterations++;
    converged = options.done(value, gradNormSq);
  }
  return { x, value, gradNormSq, iterations, evaluations, converged };
}
