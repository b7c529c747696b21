export { DoraCard, EntityDoraCard, PortalDoraCard } from './DoraCard';
export type { DoraCardProps } from './DoraCard';
export { humanizeDuration, formatFrequency, formatRate } from './doraFormat';
