import * as t from 'io-ts'

/**
 * A union decoded by its tag field: `{ kind: 'numerical', ... }` is checked only against the numerical codec,
 * so an error names the field that is wrong rather than every member of the union.
 */
export function taggedUnion<K extends string, M extends Record<string, t.Mixed>>(
  tag: K,
  members: M,
  name: string,
): t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown> {
  const tags = Object.keys(members)
  const list = tags.map((k) => `"${k}"`).join(' | ')
  return new t.Type<t.TypeOf<M[keyof M]>, t.OutputOf<M[keyof M]>, unknown>(
    name,
    (u): u is t.TypeOf<M[keyof M]> =>
      typeof u === 'object' &&
      u !== null &&
      tags.includes((u as Record<string, unknown>)[tag] as string) &&
      members[(u as Record<string, string>)[tag]].is(u),
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u))
        return t.failure(u, c, `expected an object (${name}), got ${u === null ? 'null' : Array.isArray(u) ? 'an array' : typeof u}`)
      const value = (u as Record<string, unknown>)[tag]
      if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(members, value)) {
        return t.failure(
          value,
          t.appendContext(c, tag, t.string, value),
          `expected one of ${list}, got ${JSON.stringify(value) ?? 'nothing'}`,
        )
      }
      return members[value].validate(u, c)
    },
    (a) => members[(a as Record<string, string>)[tag]].encode(a),
  )
}

/** A finite number (rejects NaN and ±Infinity, which JSON cannot carry anyway). */
export const FiniteNumber = new t.Type<number, number, unknown>(
  'FiniteNumber',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) =>
    typeof u === 'number' && Number.isFinite(u)
      ? t.success(u)
      : t.failure(u, c, `expected a finite number, got ${typeof u === 'number' ? String(u) : (JSON.stringify(u) ?? typeof u)}`),
  t.identity,
)

/** A non-empty string. */
export const NonEmptyString = new t.Type<string, string, unknown>(
  'NonEmptyString',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) =>
    typeof u === 'string' && u.length > 0
      ? t.success(u)
      : t.failure(u, c, `expected a non-empty string, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

/** A non-negative integer. */
export const NonNegativeInt = new t.Type<number, number, unknown>(
  'NonNegativeInt',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0,
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && u >= 0
      ? t.success(u)
      : t.failure(u, c, `expected a non-negative integer, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

/** Object codec that also rejects unknown keys (typos in a schema must not pass silently). */
export function strictObject<R extends t.Props, O extends t.Props>(required: R, optional: O, name: string) {
  const codec = t.intersection([t.type(required), t.partial(optional)], name)
  const allowed = new Set([...Object.keys(required), ...Object.keys(optional)])
  return new t.Type<t.TypeOf<typeof codec>, t.OutputOf<typeof codec>, unknown>(
    name,
    codec.is,
    (u, c) => {
      if (typeof u === 'object' && u !== null && !Array.isArray(u)) {
        const unknownKeys = Object.keys(u).filter((k) => !allowed.has(k))
        if (unknownKeys.length > 0) {
          return t.failures(
            unknownKeys.map((k) => ({
              value: (u as Record<string, unknown>)[k],
              context: t.appendContext(c, k, t.never, undefined),
              message: `unknown field "${k}" (allowed: ${[...allowed].join(', ')})`,
            })),
          )
        }
      }
      return codec.validate(u, c)
    },
    codec.encode,
  )
}
