/**
 * Extension points of the cd backend plugin, for other teams' backend modules.
 *
 * @packageDocumentation
 */
export * from './stages';
export * from './metrics';
