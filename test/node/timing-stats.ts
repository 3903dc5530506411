/**
 * The statistics of the timing test (reference-server-timing.test.ts): is
 * one set of request times slower than another, beyond what noise explains?
 * (Not a test file itself.)
 *
 * Two statistics are compared, each side against the other: the median, and
 * the lower decile. On a loaded machine (a shared 2-core CI runner) most of
 * the noise is delay added by the scheduler, so the slower half of the
 * requests spreads over milliseconds while the fastest tenth stays tight; a
 * constant extra cost shifts the whole distribution, the fast tenth
 * included. This is the "box test" of Crosby, Wallach and Riedi,
 * "Opportunities and limits of remote timing attacks" (2009), which found
 * low percentiles the best statistic for telling two response times apart.
 *
 * The noise of each difference is estimated by bootstrap (resampling each
 * side with a fixed seed, so that a run's verdict can be reproduced from its
 * numbers). A difference counts only when it is both significant (more than
 * Z standard errors) and large enough to matter (more than 0.1 ms or 10% of
 * the statistic, whichever is larger).
 */

/** Standard errors a difference must exceed to count as real (not noise). */
export const Z = 4;
export const ABSOLUTE_BOUND_MS = 0.1;
export const RELATIVE_BOUND = 0.1;
const BOOTSTRAP_RESAMPLES = 400;

export interface Estimate {
  /** The statistic of each side (ms). */
  known: number;
  unknown: number;
  /** known minus unknown (ms). */
  difference: number;
  /** The difference's standard error, by bootstrap (ms). */
  standardError: number;
  /** A difference too small to matter: max(0.1 ms, 10% of the statistic). */
  negligible: number;
  /** The largest difference taken as noise or negligible: max(Z standard errors, negligible). */
  allowed: number;
}

export interface Comparison {
  samples: number;
  median: Estimate;
  lowerDecile: Estimate;
}

/** The p-quantile (0..1) of sorted values, interpolated. */
function quantileOfSorted(sorted: readonly number[], p: number): number {
  const index = (sorted.length - 1) * p;
  const low = Math.floor(index);
  const high = Math.ceil(index);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (index - low);
}

export const quantile = (values: readonly number[], p: number) => quantileOfSorted([...values].sort((a, b) => a - b), p);

/** A small seeded generator (mulberry32): the same data give the same verdict. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function resample(values: readonly number[], random: () => number): number[] {
  return Array.from(values, () => values[Math.floor(random() * values.length)]!).sort((a, b) => a - b);
}

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
}

function estimate(known: readonly number[], unknown: readonly number[], p: number): Estimate {
  const random = seeded(0x15_4);
  const differences: number[] = [];
  for (let i = 0; i < BOOTSTRAP_RESAMPLES; i++) {
    differences.push(quantileOfSorted(resample(known, random), p) - quantileOfSorted(resample(unknown, random), p));
  }
  const knownValue = quantile(known, p);
  const unknownValue = quantile(unknown, p);
  const standardError = standardDeviation(differences);
  const negligible = Math.max(ABSOLUTE_BOUND_MS, RELATIVE_BOUND * Math.min(knownValue, unknownValue));
  return {
    known: knownValue,
    unknown: unknownValue,
    difference: knownValue - unknownValue,
    standardError,
    negligible,
    allowed: Math.max(Z * standardError, negligible),
  };
}

export function compare(known: readonly number[], unknown: readonly number[]): Comparison {
  return { samples: Math.min(known.length, unknown.length), median: estimate(known, unknown, 0.5), lowerDecile: estimate(known, unknown, 0.1) };
}

/** Both statistics within what noise and negligible cost explain. */
export const alike = (comparison: Comparison) =>
  [comparison.median, comparison.lowerDecile].every((e) => Math.abs(e.difference) <= e.allowed);

/** Each statistic either negligible or beyond noise: more samples would not change the verdict. */
export const clear = (comparison: Comparison) =>
  [comparison.median, comparison.lowerDecile].every((e) => Math.abs(e.difference) <= e.negligible || Math.abs(e.difference) > e.allowed);

/** Both estimates on one line, for the test's diagnostics and its failure message. */
export function summary(comparison: Comparison): string {
  const ms = (value: number) => `${value.toFixed(3)} ms`;
  const line = (name: string, e: Estimate) =>
    `${name}: known ${ms(e.known)}, unknown ${ms(e.unknown)}, difference ${ms(e.difference)} ` +
    `(standard error ${ms(e.standardError)}, allowed ${ms(e.allowed)})`;
  return `${comparison.samples} pairs; ${line('median', comparison.median)}; ${line('lower decile', comparison.lowerDecile)}`;
}
