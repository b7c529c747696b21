export { startControllers } from './startControllers';
export type { ControllerDeps, RunningControllers } from './startControllers';
