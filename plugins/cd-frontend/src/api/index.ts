export * from './CdApi';
export * from './CdClient';
export { issuesOf, errorMessage, isConflict } from './errors';
