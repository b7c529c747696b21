export { Clusters, ClustersView } from './Clusters';
export { useApplicationClusters } from './useApplicationClusters';
export type { ApplicationClustersState } from './useApplicationClusters';
export { HEALTH_COLORS } from './health';
