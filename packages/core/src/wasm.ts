/**
 * Compiles a WebAssembly module embedded as base64 text (the packages' kernels, built from AssemblyScript), or returns
 * null where it cannot be compiled synchronously — no WebAssembly, or a host that refuses (a browser's main thread
 * limits synchronous compilation to small modules): the caller then runs its TypeScript reference. Compile once and
 * keep the module; instantiating it again is cheap.
 */
export function embeddedWasm(base64: string): WebAssembly.Module | null {
  try {
    return typeof WebAssembly === 'object' ? new WebAssembly.Module(base64Bytes(base64)) : null
  } catch {
    return null
  }
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const buffer = (globalThis as { Buffer?: { from(s: string, encoding: 'base64'): Uint8Array } }).Buffer
  if (buffer) return new Uint8Array(buffer.from(text, 'base64'))
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * An embedded module whose compilation starts now, in the background (WebAssembly.compile: off the main thread, while
 * the caller goes on loading its data), for kernels a package will want later. The function returned gives the module
 * once it is ready; called before that, it compiles synchronously instead ({@link embeddedWasm}), so nobody waits on
 * the background job and the result is the same module or null either way.
 */
export function backgroundWasm(base64: string): () => WebAssembly.Module | null {
  let module: WebAssembly.Module | null | undefined
  try {
    if (typeof WebAssembly === 'object' && typeof WebAssembly.compile === 'function') {
      WebAssembly.compile(base64Bytes(base64)).then(
        (m) => {
          module ??= m
        },
        () => {}, // the synchronous compilation decides (and falls back) when the module is asked for
      )
    }
  } catch {
    // likewise
  }
  return () => {
    if (module === undefined) module = embeddedWasm(base64)
    return module
  }
}
