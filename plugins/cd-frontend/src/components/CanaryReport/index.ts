export { CanaryReport } from './CanaryReport';
export type { CanaryReportProps } from './CanaryReport';
export { CanaryReportChip, CanaryReportLink } from './CanaryReportChip';
export { canaryReportOf, KAYENTA_CANARY_STAGE } from './canaryData';
