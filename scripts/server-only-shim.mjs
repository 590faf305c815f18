// Lets a plain Node process (the demo seed) load the app's use cases: their
// `import 'server-only'` guards the browser bundle, and outside Next it would
// throw. Resolving it to an empty module keeps the guard everywhere else.
import { register } from 'node:module'

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'server-only') return { url: 'data:text/javascript,export{}', shortCircuit: true }
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hooks)}`)
