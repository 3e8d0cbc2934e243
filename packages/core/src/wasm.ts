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
