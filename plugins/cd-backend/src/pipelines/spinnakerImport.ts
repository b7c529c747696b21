import {
  prefixIssues,
  SUPPORTED_TRIGGER_TYPES,
  type PipelineConfig,
  type StageTypeLookup,
  type ValidationIssue,
} from '@internal/plugin-cd-common';
import { validatePipelineConfig } from './validatePipeline';

/** Front50's bookkeeping: meaningless outside Spinnaker, dropped silently. */
const FRONT50_FIELDS = [
  'index',
  'updateTs',
  'createTs',
  'lastModifiedBy',
  'lastModified',
  'schema',
  'spelEvaluator',
  'appConfig',
];

/** Spinnaker features with no equivalent here: dropped, with a warning saying why. */
const UNSUPPORTED_FIELDS: Record<string, string> = {
  roles:
    'pipeline roles are dropped: permissions come from the owning catalog entity',
  serviceAccount:
    'run-as service accounts are dropped: executions run as the user or trigger that starts them',
  locked:
    'pipeline locks are dropped: who may edit is decided by the cd.pipeline.update permission',
  expectedArtifacts:
    'expected artifacts are dropped: artifact resolution is not supported',
};

const SUPPORTED_NOTIFICATION_TYPES = ['backstage', 'slack'];

export interface SpinnakerImportResult {
  /** The documents with bookkeeping removed, in input order; valid only when `issues` is empty. */
  pipelines: PipelineConfig[];
  /**
   * Validation errors, with paths into the imported pipelines (`[1].stages[0].type`
   * for an array); stages keep their indices, dropped triggers shift later ones.
   */
  issues: ValidationIssue[];
  /** What was dropped or changed on the way in. */
  warnings: ValidationIssue[];
}

/**
 * Turns a Spinnaker pipeline export (one pipeline, or an array of them, as
 * Front50 returns) into this product's pipelines for `application`: keeps the
 * Spinnaker format, drops Front50 bookkeeping and unsupported features (with
 * warnings), and validates each one (unknown stage types are errors).
 */
export function importSpinnakerPipelines(
  document: unknown,
  options: { application: string; stageTypes: StageTypeLookup },
): SpinnakerImportResult {
  const many = Array.isArray(document);
  const documents: unknown[] = many ? document : [document];
  const result: SpinnakerImportResult = {
    pipelines: [],
    issues: [],
    warnings: [],
  };
  if (documents.length === 0) {
    result.issues.push({ path: '', message: 'no pipelines to import' });
    return result;
  }
  const firstByName = new Map<string, number>();

  documents.forEach((raw, index) => {
    const prefix = many ? `[${index}]` : '';
    if (!isRecord(raw)) {
      result.issues.push({
        path: prefix,
        message: 'a pipeline must be a JSON object',
      });
      return;
    }
    const { pipeline, issues, warnings } = normalize(raw, options.application);
    result.warnings.push(...prefixIssues(prefix, warnings));
    const validation = validatePipelineConfig(pipeline, options.stageTypes);
    result.issues.push(
      ...prefixIssues(prefix, [...issues, ...validation.issues]),
    );
    if (typeof pipeline.name === 'string') {
      const first = firstByName.get(pipeline.name);
      if (first !== undefined) {
        result.issues.push({
          path: `${prefix}.name`.replace(/^\./, ''),
          message: `duplicate pipeline name ${JSON.stringify(
            pipeline.name,
          )} (also [${first}])`,
        });
      } else {
        firstByName.set(pipeline.name, index);
      }
    }
    result.pipelines.push(pipeline as PipelineConfig);
  });
  return result;
}

function normalize(
  raw: Record<string, unknown>,
  application: string,
): {
  pipeline: Record<string, unknown>;
  issues: ValidationIssue[];
  warnings: ValidationIssue[];
} {
  const issues: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  if (raw.type === 'templatedPipeline' || raw.schema === 'v2') {
    issues.push({
      path: raw.type === 'templatedPipeline' ? 'type' : 'schema',
      message:
        'managed pipeline templates (schema v2) are not supported: export the rendered pipeline instead',
    });
  }

  const pipeline: Record<string, unknown> = { ...raw };
  for (const field of FRONT50_FIELDS) delete pipeline[field];
  for (const [field, reason] of Object.entries(UNSUPPORTED_FIELDS)) {
    if (!(field in pipeline)) continue;
    if (!isEmpty(pipeline[field]))
      warnings.push({ path: field, message: reason });
    delete pipeline[field];
  }

  if (pipeline.application !== application) {
    if (typeof pipeline.application === 'string') {
      warnings.push({
        path: 'application',
        message: `imported into application ${JSON.stringify(
          application,
        )} (was ${JSON.stringify(pipeline.application)})`,
      });
    }
    pipeline.application = application;
  }

  if (Array.isArray(pipeline.stages))
    pipeline.stages = pipeline.stages.map(normalizeStage);
  if (Array.isArray(pipeline.triggers)) {
    pipeline.triggers = keepSupported(
      pipeline.triggers,
      'triggers',
      warnings,
      trigger =>
        (SUPPORTED_TRIGGER_TYPES as readonly string[]).includes(
          String(trigger.type),
        )
          ? undefined
          : `${String(
              trigger.type,
            )} triggers are not supported (supported: ${SUPPORTED_TRIGGER_TYPES.join(
              ', ',
            )}); dropped`,
    );
  }
  if (Array.isArray(pipeline.notifications)) {
    pipeline.notifications = keepSupported(
      pipeline.notifications,
      'notifications',
      warnings,
      notification =>
        SUPPORTED_NOTIFICATION_TYPES.includes(String(notification.type))
          ? undefined
          : `${String(
              notification.type,
            )} notifications are not supported (supported: ${SUPPORTED_NOTIFICATION_TYPES.join(
              ', ',
            )}); dropped`,
    );
  }
  if (Array.isArray(pipeline.parameterConfig)) {
    pipeline.parameterConfig = pipeline.parameterConfig.map(normalizeParameter);
  }
  return { pipeline, issues, warnings };
}

/** Deck writes refIds as strings, but hand-written and old exports use numbers. */
function normalizeStage(stage: unknown): unknown {
  if (!isRecord(stage)) return stage;
  const normalized: Record<string, unknown> = { ...stage };
  if (typeof stage.refId === 'number') normalized.refId = String(stage.refId);
  if (
    stage.requisiteStageRefIds === undefined ||
    stage.requisiteStageRefIds === null
  ) {
    normalized.requisiteStageRefIds = [];
  } else if (Array.isArray(stage.requisiteStageRefIds)) {
    normalized.requisiteStageRefIds = stage.requisiteStageRefIds.map(r =>
      typeof r === 'number' ? String(r) : r,
    );
  }
  return normalized;
}

/** Front50 keeps parameter defaults and options as given: null and numbers occur. */
function normalizeParameter(parameter: unknown): unknown {
  if (!isRecord(parameter)) return parameter;
  const normalized: Record<string, unknown> = { ...parameter };
  if (parameter.default === null) delete normalized.default;
  else if (
    typeof parameter.default === 'number' ||
    typeof parameter.default === 'boolean'
  ) {
    normalized.default = String(parameter.default);
  }
  if (Array.isArray(parameter.options)) {
    normalized.options = parameter.options.map(option =>
      isRecord(option) &&
      (typeof option.value === 'number' || typeof option.value === 'boolean')
        ? { ...option, value: String(option.value) }
        : option,
    );
  }
  return normalized;
}

function keepSupported(
  items: unknown[],
  field: string,
  warnings: ValidationIssue[],
  whyDropped: (item: Record<string, unknown>) => string | undefined,
): unknown[] {
  return items.filter((item, index) => {
    if (!isRecord(item)) return true; // left for validation to report
    const reason = whyDropped(item);
    if (reason) warnings.push({ path: `${field}[${index}]`, message: reason });
    return !reason;
  });
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isRecord(value))
    return Object.keys(value).length === 0 || value.ui === false;
  return value === '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
