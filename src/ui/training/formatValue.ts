/** A loss or score as the charts' words and readouts show it: four decimals (NaN and ±Infinity as such). */
export const formatValue = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(4) : String(v));
