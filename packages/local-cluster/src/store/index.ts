export * from './types';
export { MemoryStore } from './MemoryStore';
export type { StoreOptions, StoreChange, InternalWriteOptions, ListPage, DeleteResult } from './MemoryStore';
export { BUILTIN_TYPES, CoreTypes, builtinType } from './builtinTypes';
export { apiVersionOf, storageKey } from './registry';
export { compileSelectors, labelSelectorToString, parseLabelSelector, labelsMatch } from './selectors';
export * as statusErrors from './errors';
