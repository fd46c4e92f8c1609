/** The function the model may call: lengths between metric and imperial units. */
const METRES: Record<string, number> = { mm: 0.001, cm: 0.01, m: 1, km: 1000, in: 0.0254, ft: 0.3048, yd: 0.9144, mi: 1609.344 };

export const UNITS = Object.keys(METRES);

export function convert(value: number, from: string, to: string): number {
  const a = METRES[from];
  const b = METRES[to];
  if (a === undefined || b === undefined) throw new RangeError(`Unknown unit: ${a === undefined ? from : to}`);
  return Math.round(((value * a) / b) * 1e6) / 1e6;
}
