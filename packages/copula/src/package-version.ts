declare const __PACKAGE_VERSION__: string

/** This package's version, written in at build time (tsup `define`; vitest defines it the same way). */
export const PACKAGE_VERSION: string = __PACKAGE_VERSION__
