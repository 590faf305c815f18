// Stands in for `server-only` under vitest: the real package throws outside
// React Server Components, and integration tests call server code directly.
export {}
