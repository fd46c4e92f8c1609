/** Small statistics for the bench: medians and spreads of a few runs, rounded for the record. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
export const spread = (xs: number[]) => [Math.min(...xs), Math.max(...xs)] as const;
export const round = (n: number, digits = 3) => Number(n.toFixed(digits));
