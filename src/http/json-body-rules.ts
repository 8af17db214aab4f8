import { isForbiddenKey } from '../validation/forbidden-keys.js';

/**
 * How deep a JSON body may nest arrays and objects. The deepest body the API takes is three
 * levels ({"items":[{…}]}); past a thousand levels class-transformer's recursion overflowed the
 * stack and the request answered 500.
 */
export const MAX_JSON_DEPTH = 32;

export const NOT_AN_OBJECT = 'the body must be a JSON object';

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function childPath(path: string, key: string, parentIsArray: boolean): string {
  return parentIsArray ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

/** The first lone UTF-16 surrogate of a string, as JSON would escape it (\ud800). */
function loneSurrogate(text: string): string {
  const unit = /\p{Cs}/u.exec(text)?.[0] ?? '';
  return `\\u${unit.charCodeAt(0).toString(16)}`;
}

function problemIn(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') {
    return value.isWellFormed()
      ? undefined
      : `${path} holds a lone surrogate (${loneSurrogate(value)} without its pair): it is not a Unicode ` +
          'character and cannot be stored; send well-formed UTF-16 escapes or UTF-8';
  }
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  if (depth > MAX_JSON_DEPTH) {
    return `the body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep, the limit`;
  }
  const isArray = Array.isArray(value);
  for (const [key, child] of Object.entries(value)) {
    if (isForbiddenKey(key)) {
      return `property name "${key}" is not allowed`;
    }
    if (!key.isWellFormed()) {
      return `a property name holds a lone surrogate (${loneSurrogate(key)} without its pair): it is not a Unicode character`;
    }
    const problem = problemIn(child, childPath(path, key, isArray), depth + 1);
    if (problem) {
      return problem;
    }
  }
  return undefined;
}

/**
 * Why a parsed JSON body is refused before any route sees it, or undefined: every body the API
 * takes is an object; nesting is bounded; prototype-reaching names are refused (JSON.parse makes
 * them plain own properties, which pollute nothing, but nothing may read them); and a lone
 * surrogate, which JSON's \u escapes can spell but no UTF-8 column can hold, is refused rather
 * than stored as U+FFFD.
 */
export function jsonBodyProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `${NOT_AN_OBJECT} (got ${kindOf(value)})`;
  }
  return problemIn(value, '', 1);
}
