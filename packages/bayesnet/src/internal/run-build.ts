/**
 * Drives a build that yields count requests and takes their answers (bayesnet's builds from counts), answering each
 * with `answer` (an engine's queries), and returns what the build returns.
 */
export async function runBuildAsync<Request, Model>(
  build: Generator<Request, Model, readonly Float64Array[]>,
  answer: (request: Request) => Promise<readonly Float64Array[]>,
): Promise<Model> {
  let next = build.next()
  while (!next.done) next = build.next(await answer(next.value))
  return next.value
}
