/**
 * A condition on one column for conditional sampling: a category (or boolean) or a number for equality, or a
 * range `{ min, max }` (either end optional, inclusive) on a numerical or datetime column; datetimes may be given
 * as text in the column's format.
 */
export type ConditionValue = string | number | boolean | { readonly min?: number | string; readonly max?: number | string }

/** Conditions by column name: every sampled row satisfies all of them. */
export type Conditions = Readonly<Record<string, ConditionValue>>
