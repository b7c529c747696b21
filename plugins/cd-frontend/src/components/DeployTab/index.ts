export { DeployTab } from './DeployTab';
