export { ServerGroupActions, taskPipelineId } from './ServerGroupActions';
export type { ServerGroupActionsDeps, ServerGroupRef } from './ServerGroupActions';
export { planServerGroupAction, manifestKind, manifestNameOf } from './planServerGroupAction';
export type { ServerGroupActionPlan } from './planServerGroupAction';
export { parseServerGroupActionRequest, serverGroupActionRequestSchema } from './serverGroupActionRequest';
