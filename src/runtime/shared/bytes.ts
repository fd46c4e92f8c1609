/** "812 kB", "7.6 MB", "2.39 GB": decimal units, as browsers and Hugging Face show sizes. */
export function formatBytes(n: number): string {
  if (n < 1e3) return `${n} B`;
  const [value, unit] = n < 1e6 ? [n / 1e3, 'kB'] : n < 1e9 ? [n / 1e6, 'MB'] : [n / 1e9, 'GB'];
  const digits = unit === 'GB' ? 2 : value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${unit}`;
}

/** "12 s", "3 min", "1 h 5 min": coarse on purpose, for estimates. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
