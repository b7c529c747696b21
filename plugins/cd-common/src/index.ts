/**
 * Isomorphic parts of the CD plugins: statuses, permissions, annotations and
 * the domain types shared by the backend and the frontend.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './statuses';
export * from './pipeline';
export * from './execution';
export * from './inventory';
export * from './canary';
export * from './tasks';
export * from './audit';
export * from './dora';
export * from './diff';
