/**
 * Continuous delivery for Backstage: the `cd` backend plugin.
 *
 * @packageDocumentation
 */
export { cdPlugin as default } from './plugin';
