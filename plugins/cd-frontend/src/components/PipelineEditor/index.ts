export { PipelineEditor } from './PipelineEditor';
export { ImportDialog } from './ImportDialog';
export {
  lineOfPath,
  parsePath,
  formatDocument,
  parseText,
} from './documentText';
export { lineDiff } from './lineDiff';
export type { DiffLine } from './lineDiff';
