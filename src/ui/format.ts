/** Money and rates as the UI shows them; sizes and durations are per language (`text.value.bytes`, `.duration`). */

/** "$0.42", "$0.0031": two decimals, or two significant digits below a cent. */
export function formatUsd(usd: number): string {
  return usd >= 0.01 ? usd.toFixed(2) : usd.toPrecision(2);
}

/** "8.4", "25": tokens per second, one decimal below ten. */
export function formatRate(perSecond: number): string {
  return perSecond.toFixed(perSecond < 10 ? 1 : 0);
}
