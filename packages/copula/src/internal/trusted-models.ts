// Models this package built itself in this process. sampleCopula validates a model object once (and caches what it
// precomputed while the object stays the same); a model that fitCopula just returned was built by the code the
// decoder checks against, so validating it again would only repeat work (about 10 ms cold for a small table). The
// set is weak: it never keeps a model alive. The same caveat as the sampling cache applies: mutate a model and you
// must pass a fresh object (a JSON round trip gives one, and that one is decoded in full).
const trusted = new WeakSet<object>()

/** Marks a model as built by fitCopula. */
export function trustModel(model: object): void {
  trusted.add(model)
}

/** Whether a model was built by fitCopula in this process (and so needs no decoding). */
export function isTrustedModel(model: object): boolean {
  return trusted.has(model)
}
