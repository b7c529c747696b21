export { ServerGroupDrawer } from './ServerGroupDrawer';
export type { ServerGroupRef } from './types';
