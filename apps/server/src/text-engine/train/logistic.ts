/**
 * Sparse L2-regularised logistic regression with sample weights and soft labels, trained by full-batch L-BFGS.
 * Full-batch and a fixed iteration order make the result a pure function of the data (no shuffling, no
 * learning rate): the same input gives the same weights bit for bit.
 */

/** A document: indexes of its features and their values (here: in how many clauses the feature occurs). */
export interface SparseDoc {
  idx: Int32Array;
  val: Float32Array;
  /** Target in [0, 1]: 1 positive, 0 negative, 0.5 neutral (a correction saying "no opinion"). */
  y: number;
  /** Sample weight. */
  s: number;
}

export interface LogisticOptions {
  features: number;
  /** L2 strength per unit of sample weight: objective = mean weighted log-loss + l2/2·‖w‖². */
  l2: number;
  maxIterations?: number;
  /** Stop when the objective improves by less than this relative amount over 5 iterations. */
  tolerance?: number;
  /** Fit an intercept (default true). Without one the prior is carried by the features themselves. */
  intercept?: boolean;
}

export interface LogisticModel {
  bias: number;
  weights: Float64Array;
  iterations: number;
  loss: number;
}

function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Loss and gradient at theta = [w…, bias]. */
function evaluate(
  docs: readonly SparseDoc[],
  theta: Float64Array,
  l2: number,
  grad: Float64Array,
  totalWeight: number,
  intercept: boolean,
): number {
  const n = theta.length - 1;
  grad.fill(0);
  let loss = 0;
  const bias = theta[n];
  for (const d of docs) {
    let z = bias;
    for (let k = 0; k < d.idx.length; k++) z += theta[d.idx[k]] * d.val[k];
    loss += d.s * (log1pExp(z) - d.y * z);
    const g = (d.s * (sigmoid(z) - d.y)) / totalWeight;
    for (let k = 0; k < d.idx.length; k++) grad[d.idx[k]] += g * d.val[k];
    if (intercept) grad[n] += g;
  }
  loss /= totalWeight;
  let reg = 0;
  for (let j = 0; j < n; j++) {
    reg += theta[j] * theta[j];
    grad[j] += l2 * theta[j];
  }
  return loss + (l2 / 2) * reg;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Trains the model; `docs` order matters only through floating-point summation order, which is fixed. */
export function trainLogistic(docs: readonly SparseDoc[], opts: LogisticOptions): LogisticModel {
  const dim = opts.features + 1;
  const maxIt = opts.maxIterations ?? 300;
  const tol = opts.tolerance ?? 1e-6;
  const m = 10;
  const intercept = opts.intercept !== false;
  let totalWeight = 0;
  for (const d of docs) totalWeight += d.s;
  if (totalWeight === 0) return { bias: 0, weights: new Float64Array(opts.features), iterations: 0, loss: 0 };

  let x = new Float64Array(dim);
  let g = new Float64Array(dim);
  let f = evaluate(docs, x, opts.l2, g, totalWeight, intercept);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const history: number[] = [f];
  let it = 0;
  const xNew = new Float64Array(dim);
  const gNew = new Float64Array(dim);
  const dir = new Float64Array(dim);
  for (; it < maxIt; it++) {
    // Two-loop recursion: dir = −H·g.
    dir.set(g);
    for (let i = sHist.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(sHist[i], dir);
      const y = yHist[i];
      for (let j = 0; j < dim; j++) dir[j] -= alpha[i] * y[j];
    }
    if (sHist.length) {
      const last = sHist.length - 1;
      const gamma = dot(sHist[last], yHist[last]) / dot(yHist[last], yHist[last]);
      for (let j = 0; j < dim; j++) dir[j] *= gamma;
    }
    for (let i = 0; i < sHist.length; i++) {
      const beta = rho[i] * dot(yHist[i], dir);
      const s = sHist[i];
      for (let j = 0; j < dim; j++) dir[j] += s[j] * (alpha[i] - beta);
    }
    for (let j = 0; j < dim; j++) dir[j] = -dir[j];
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      sHist.length = 0;
      yHist.length = 0;
      rho.length = 0;
      for (let j = 0; j < dim; j++) dir[j] = -g[j];
      slope = dot(g, dir);
    }
    // Backtracking line search (Armijo); the first step of plain gradient descent is scaled down.
    let step = sHist.length ? 1 : Math.min(1, 1 / Math.sqrt(-slope));
    let fNew = Number.POSITIVE_INFINITY;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j < dim; j++) xNew[j] = x[j] + step * dir[j];
      fNew = evaluate(docs, xNew, opts.l2, gNew, totalWeight, intercept);
      if (fNew <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNew < f)) break;
    const s = new Float64Array(dim);
    const y = new Float64Array(dim);
    for (let j = 0; j < dim; j++) {
      s[j] = xNew[j] - x[j];
      y[j] = gNew[j] - g[j];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (sHist.length === m) {
        sHist.shift();
        yHist.shift();
        rho.shift();
      }
      sHist.push(s);
      yHist.push(y);
      rho.push(1 / sy);
    }
    [x, g] = [Float64Array.from(xNew), Float64Array.from(gNew)];
    f = fNew;
    history.push(f);
    const back = history.length > 5 ? history[history.length - 6] : Number.POSITIVE_INFINITY;
    if (back - f < tol * Math.max(1, Math.abs(f))) break;
  }
  return { bias: x[dim - 1], weights: x.subarray(0, dim - 1), iterations: it, loss: f };
}

/** Logit of a sparse document (bias included). */
export function logitOf(model: LogisticModel, d: SparseDoc): number {
  let z = model.bias;
  for (let k = 0; k < d.idx.length; k++) z += model.weights[d.idx[k]] * d.val[k];
  return z;
}
