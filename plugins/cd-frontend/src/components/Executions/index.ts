export { ExecutionsTable } from './ExecutionsTable';
