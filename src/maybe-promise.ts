/**
 * A result that is a plain value when the work was synchronous (the local key tier) and a promise
 * when it was not (an HSM, a health report): the synchronous path then costs no promise, no
 * microtask and no deadline timer.
 */
export type MaybePromise<T> = T | Promise<T>;

/** `f(v)` now for a plain value, after it settles for a promise. */
export function andThen<T, U>(v: MaybePromise<T>, f: (t: T) => MaybePromise<U>): MaybePromise<U> {
  return v instanceof Promise ? v.then(f) : f(v);
}
