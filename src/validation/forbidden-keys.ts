/** Property names that can reach an object's prototype; no DTO has them, so input carrying them is refused. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN.has(key);
}

/** The first forbidden property name anywhere in a parsed query object, if any. */
export function findForbiddenKey(value: unknown, depth = 0): string | undefined {
  if (depth > 32 || value === null || typeof value !== 'object') {
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN.has(key)) {
      return key;
    }
    const nested = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (nested) {
      return nested;
    }
  }
  return undefined;
}
