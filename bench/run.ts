// `npm run bench`: prints figures for the hot paths; asserts nothing.
import { benchDomain } from './domain'
import { benchOverlapQuery } from './overlap-query'

await benchDomain()
await benchOverlapQuery()
