export { ServerGroupDrawer } from './ServerGroupDrawer';
export type { ServerGroupDrawerActions } from './ServerGroupDrawer';
export { ServerGroupActionDialog } from './ServerGroupActionDialog';
export { ServerGroupActionsMenu } from './ServerGroupActionsMenu';
export { TrackedTasksPanel, TaskList } from './TrackedTasks';
export {
  availableActions,
  findServerGroup,
  rollbackTargets,
} from './serverGroupActions';
export type { ServerGroupRef, TrackedTask } from './types';
