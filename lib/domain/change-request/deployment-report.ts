// What a pipeline may report about a change's deployment
// (POST /api/v1/changes/:id/deployments). Here in the domain because the
// audit trail records refused reports by this status as well as the API
// validating it.
export const DEPLOYMENT_STATUSES = ['started', 'succeeded', 'failed', 'rolled_back'] as const
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number]
