export { JudgmentForm } from './JudgmentForm';
