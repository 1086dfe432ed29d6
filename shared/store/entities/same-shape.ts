/**
 * True when A and B have the same fields and each is assignable to the other. An entity's
 * schema is checked against its domain type with it at compile time, so a field added to one
 * and not the other fails `tsc` instead of being stripped (or missing) at the read boundary.
 */
export type SameShape<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never]
  ? [A] extends [B]
    ? [B] extends [A]
      ? true
      : false
    : false
  : false;

/** Fails to compile unless given `true`: `assertShape<SameShape<A, B>>(true)`. */
export const sameShape = <T extends true>(_proof: T): void => undefined;
