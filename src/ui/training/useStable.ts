import { useRef } from 'react';

/** `value`, but the same object as last time while it holds the same numbers (compared as JSON: small values only). */
export function useStable<T>(value: T): T {
  const kept = useRef<{ value: T; key: string } | null>(null);
  const key = JSON.stringify(value);
  if (kept.current?.key !== key) kept.current = { value, key };
  return kept.current.value;
}
