/**
 * Scaffolder actions of the cd plugin: `cd:pipeline:create` and
 * `cd:canary-config:create`.
 *
 * @packageDocumentation
 */
export { scaffolderModuleCd as default } from './module';
export { createCdPipelineAction, CREATE_PIPELINE_ACTION_ID } from './actions/createPipelineAction';
export { createCdCanaryConfigAction, CREATE_CANARY_CONFIG_ACTION_ID } from './actions/createCanaryConfigAction';
export { renderPipelineTemplate, PipelineTemplateError, type TemplateVariable } from './actions/pipelineTemplate';
