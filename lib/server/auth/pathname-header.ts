/** Set by proxy.ts on every page request so server code knows where to return after sign-in. */
export const PATHNAME_HEADER = 'x-changeboard-path'
