/**
 * Continuous delivery for Backstage: the frontend plugin.
 *
 * @packageDocumentation
 */
export { cdPlugin, EntityCdContent, CdDeploymentsPage } from './plugin';
export { cdApiRef, CdClient } from './api';
export type { CdApi } from './api';
export { isCdAvailable, getCdApplication } from '@internal/plugin-cd-common';
