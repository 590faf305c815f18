// `npm run bench`: prints figures; asserts nothing.
import { benchOverlapQuery } from './overlap-query'

await benchOverlapQuery()
