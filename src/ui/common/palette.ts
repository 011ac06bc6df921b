/** Okabe–Ito: distinguishable with the common colour-vision deficiencies, and on a washed-out projector. */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export const SERIES = {
  train: '#0072B2',
  val: '#D55E00',
  raw: '#9bb7d4',
} as const;

export function classColour(k: number): string {
  return OKABE_ITO[k % OKABE_ITO.length];
}
