/**
 * The median the benchmarks report: the middle of the sorted samples, the upper of the two middles
 * for an even count, so that a median is always one of the measured runs (the memory stage reports
 * the run whose peak is the median, with its other figures).
 */
export const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]
