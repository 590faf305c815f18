export * from './overlap'
export * from './recurrence'
export * from './check'
export * from './exception'
