export * from './required-approvers'
export * from './validate-sign-off'
export * from './summarize'
