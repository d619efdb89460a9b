// core/search: binary search over sorted number arrays.

/** Index of the first element >= key in an ascending array (array.length when none). */
export function lowerBound(array: readonly number[], key: number): number {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((array[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
