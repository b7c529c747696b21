import { randomUUID } from 'crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  PipelineConfig,
  PipelineVersion,
  StageTypeLookup,
  StoredPipeline,
  ValidationIssue,
} from '@internal/plugin-cd-common';
import type { Knex } from 'knex';
import { PipelineValidationError } from './errors';
import { validatePipelineConfig } from './validatePipeline';

export interface UpdateOptions {
  /** The version the caller edited; a stale one is a 409 (someone saved since). */
  expectedVersion?: number;
  comment?: string;
}

export interface SavedPipeline {
  pipeline: StoredPipeline;
  created: boolean;
}

/** Pipeline definitions with their full version history (Spinnaker's Front50). */
export interface PipelineStore {
  list(application: string): Promise<StoredPipeline[]>;
  listAll(): Promise<StoredPipeline[]>;
  get(id: string): Promise<StoredPipeline | undefined>;
  getByName(
    application: string,
    name: string,
  ): Promise<StoredPipeline | undefined>;
  /** Keeps `config.id` when given (Spinnaker ids are referenced by other pipelines); 409 if taken. */
  create(
    config: PipelineConfig,
    actor: string,
    comment?: string,
  ): Promise<StoredPipeline>;
  update(
    id: string,
    config: PipelineConfig,
    actor: string,
    options?: UpdateOptions,
  ): Promise<StoredPipeline>;
  delete(id: string, actor: string): Promise<void>;
  versions(id: string): Promise<PipelineVersion[]>;
  version(id: string, version: number): Promise<PipelineVersion | undefined>;
  /** Saves an earlier version's config as a new version commented 'restored version N'. */
  restore(id: string, version: number, actor: string): Promise<StoredPipeline>;
  /**
   * Creates or updates (matched by application and name) several pipelines
   * at once, all or nothing: for imports.
   */
  saveAll(
    configs: PipelineConfig[],
    actor: string,
    comment?: string,
  ): Promise<SavedPipeline[]>;
}

const PIPELINES = 'cd_pipelines';
const VERSIONS = 'cd_pipeline_versions';

/** Ids end up in URLs and in other pipelines' references. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

interface PipelineRow {
  id: string;
  application: string;
  name: string;
  version: number;
  config: string;
  disabled: boolean | number;
  updated_by: string;
  updated_at: Date | string | number;
  created_at: Date | string | number;
}

interface VersionRow {
  pipeline_id: string;
  version: number;
  config: string;
  changed_by: string;
  changed_at: Date | string | number;
  comment: string | null;
}

/**
 * The knex store (SQLite and PostgreSQL). Every write validates first and
 * then writes the pipeline row and its version row in one transaction, so a
 * pipeline never exists without the version that describes it.
 */
export class DatabasePipelineStore implements PipelineStore {
  constructor(
    private readonly deps: {
      knex: Knex;
      stageTypes: StageTypeLookup;
      logger?: LoggerService;
    },
  ) {}

  async list(application: string): Promise<StoredPipeline[]> {
    const rows = await this.deps
      .knex<PipelineRow>(PIPELINES)
      .where({ application })
      .orderBy('name');
    return rows.map(toStoredPipeline);
  }

  async listAll(): Promise<StoredPipeline[]> {
    const rows = await this.deps
      .knex<PipelineRow>(PIPELINES)
      .orderBy(['application', 'name']);
    return rows.map(toStoredPipeline);
  }

  async get(id: string): Promise<StoredPipeline | undefined> {
    const row = await this.deps
      .knex<PipelineRow>(PIPELINES)
      .where({ id })
      .first();
    return row && toStoredPipeline(row);
  }

  async getByName(
    application: string,
    name: string,
  ): Promise<StoredPipeline | undefined> {
    const row = await this.deps
      .knex<PipelineRow>(PIPELINES)
      .where({ application, name })
      .first();
    return row && toStoredPipeline(row);
  }

  async create(
    config: PipelineConfig,
    actor: string,
    comment?: string,
  ): Promise<StoredPipeline> {
    const valid = this.validate(config);
    return this.transaction(trx =>
      this.insert(trx, valid, actor, comment, 'conflict'),
    );
  }

  async update(
    id: string,
    config: PipelineConfig,
    actor: string,
    options: UpdateOptions = {},
  ): Promise<StoredPipeline> {
    const valid = this.validate(config);
    return this.transaction(async trx => {
      const current = await this.current(trx, id);
      return this.write(trx, current, valid, actor, options);
    });
  }

  async delete(id: string, actor: string): Promise<void> {
    await this.transaction(async trx => {
      const current = await this.current(trx, id);
      await trx(VERSIONS).where({ pipeline_id: id }).delete();
      await trx(PIPELINES).where({ id }).delete();
      this.deps.logger?.info(
        `pipeline ${current.application}/${current.name} (${id}) deleted by ${actor} at version ${current.version}`,
      );
    });
  }

  async versions(id: string): Promise<PipelineVersion[]> {
    await this.current(this.deps.knex, id);
    const rows = await this.deps
      .knex<VersionRow>(VERSIONS)
      .where({ pipeline_id: id })
      .orderBy('version', 'desc');
    return rows.map(toPipelineVersion);
  }

  async version(
    id: string,
    version: number,
  ): Promise<PipelineVersion | undefined> {
    const row = await this.deps
      .knex<VersionRow>(VERSIONS)
      .where({ pipeline_id: id, version })
      .first();
    return row && toPipelineVersion(row);
  }

  async restore(
    id: string,
    version: number,
    actor: string,
  ): Promise<StoredPipeline> {
    const earlier = await this.version(id, version);
    if (!earlier)
      throw new NotFoundError(`pipeline ${id} has no version ${version}`);
    // Stage types may have been removed since: an earlier version is validated like any save.
    const valid = this.validate(earlier.config);
    return this.transaction(async trx => {
      const current = await this.current(trx, id);
      return this.write(trx, current, valid, actor, {
        comment: `restored version ${version}`,
      });
    });
  }

  async saveAll(
    configs: PipelineConfig[],
    actor: string,
    comment?: string,
  ): Promise<SavedPipeline[]> {
    const valid = configs.map(config => this.validate(config));
    return this.transaction(async trx => {
      const saved: SavedPipeline[] = [];
      for (const config of valid) {
        const existing = await trx<PipelineRow>(PIPELINES)
          .where({ application: config.application, name: config.name })
          .first();
        if (existing) {
          const pipeline = await this.write(
            trx,
            toStoredPipeline(existing),
            { ...config, id: existing.id },
            actor,
            { comment },
          );
          saved.push({ pipeline, created: false });
        } else {
          saved.push({
            pipeline: await this.insert(trx, config, actor, comment, 'replace'),
            created: true,
          });
        }
      }
      return saved;
    });
  }

  private validate(config: PipelineConfig): PipelineConfig {
    const result = validatePipelineConfig(config, this.deps.stageTypes);
    const issues: ValidationIssue[] = [...result.issues];
    const id = (config as Partial<PipelineConfig> | undefined)?.id;
    if (id !== undefined && (typeof id !== 'string' || !ID_PATTERN.test(id))) {
      issues.push({
        path: 'id',
        message: 'must be 1-64 letters, digits, "-" or "_"',
      });
    }
    if (issues.length > 0 || !result.pipeline)
      throw new PipelineValidationError(issues);
    return result.pipeline;
  }

  /**
   * @param takenId what to do when `config.id` already exists: 'conflict'
   *   answers 409, 'replace' gives the pipeline a fresh id (imports).
   */
  private async insert(
    trx: Knex.Transaction,
    config: PipelineConfig,
    actor: string,
    comment: string | undefined,
    takenId: 'conflict' | 'replace',
  ): Promise<StoredPipeline> {
    await this.assertNameFree(trx, config.application, config.name);
    let id = config.id ?? randomUUID();
    if (config.id && (await trx(PIPELINES).where({ id: config.id }).first())) {
      if (takenId === 'conflict')
        throw new ConflictError(
          `a pipeline with id ${config.id} already exists`,
        );
      id = randomUUID();
    }
    const now = new Date();
    const stored: PipelineConfig = { ...config, id };
    await this.guardUnique(() =>
      trx(PIPELINES).insert({
        id,
        application: config.application,
        name: config.name,
        version: 1,
        config: JSON.stringify(stored),
        disabled: config.disabled === true,
        updated_by: actor,
        updated_at: now,
        created_at: now,
      }),
    );
    await trx(VERSIONS).insert(versionRow(id, 1, stored, actor, now, comment));
    return {
      id,
      application: config.application,
      name: config.name,
      version: 1,
      config: stored,
      updatedBy: actor,
      updatedAt: now.toISOString(),
    };
  }

  private async write(
    trx: Knex.Transaction,
    current: StoredPipeline,
    config: PipelineConfig,
    actor: string,
    options: UpdateOptions,
  ): Promise<StoredPipeline> {
    const issues: ValidationIssue[] = [];
    if (config.application !== current.application) {
      issues.push({
        path: 'application',
        message: `must be ${JSON.stringify(
          current.application,
        )}: a pipeline cannot move to another application`,
      });
    }
    if (config.id !== undefined && config.id !== current.id) {
      issues.push({
        path: 'id',
        message: `must be ${JSON.stringify(
          current.id,
        )} (the pipeline being updated)`,
      });
    }
    if (issues.length > 0) throw new PipelineValidationError(issues);
    if (
      options.expectedVersion !== undefined &&
      options.expectedVersion !== current.version
    ) {
      throw new ConflictError(
        `pipeline ${current.id} is at version ${current.version}, not ${options.expectedVersion}: it was changed since it was read`,
      );
    }
    if (config.name !== current.name)
      await this.assertNameFree(trx, config.application, config.name);

    const version = current.version + 1;
    const now = new Date();
    const stored: PipelineConfig = { ...config, id: current.id };
    // Conditional on the version read: a concurrent writer makes this match nothing.
    const updated = await this.guardUnique(() =>
      trx(PIPELINES)
        .where({ id: current.id, version: current.version })
        .update({
          name: config.name,
          version,
          config: JSON.stringify(stored),
          disabled: config.disabled === true,
          updated_by: actor,
          updated_at: now,
        }),
    );
    if (updated !== 1) {
      throw new ConflictError(
        `pipeline ${current.id} was changed concurrently; reload and retry`,
      );
    }
    await trx(VERSIONS).insert(
      versionRow(current.id, version, stored, actor, now, options.comment),
    );
    return {
      id: current.id,
      application: current.application,
      name: config.name,
      version,
      config: stored,
      updatedBy: actor,
      updatedAt: now.toISOString(),
    };
  }

  private async current(
    db: Knex | Knex.Transaction,
    id: string,
  ): Promise<StoredPipeline> {
    const row = await db<PipelineRow>(PIPELINES).where({ id }).first();
    if (!row) throw new NotFoundError(`no pipeline with id ${id}`);
    return toStoredPipeline(row);
  }

  private async assertNameFree(
    trx: Knex.Transaction,
    application: string,
    name: string,
  ) {
    const taken = await trx<PipelineRow>(PIPELINES)
      .where({ application, name })
      .first();
    if (taken) {
      throw new ConflictError(
        `application ${application} already has a pipeline named ${JSON.stringify(
          name,
        )} (${taken.id})`,
      );
    }
  }

  /** A racing writer that took the name between our check and our write gets a 409 too. */
  private async guardUnique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      const error = e as { code?: string; message?: string };
      if (
        error.code === '23505' ||
        /UNIQUE constraint failed/.test(error.message ?? '')
      ) {
        throw new ConflictError(
          'a pipeline with this name or id already exists',
          e,
        );
      }
      throw e;
    }
  }

  private transaction<T>(
    work: (trx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    return this.deps.knex.transaction(work);
  }
}

function versionRow(
  pipelineId: string,
  version: number,
  config: PipelineConfig,
  actor: string,
  at: Date,
  comment: string | undefined,
): VersionRow {
  return {
    pipeline_id: pipelineId,
    version,
    config: JSON.stringify(config),
    changed_by: actor,
    changed_at: at,
    comment: comment ?? null,
  };
}

function toStoredPipeline(row: PipelineRow): StoredPipeline {
  return {
    id: row.id,
    application: row.application,
    name: row.name,
    version: Number(row.version),
    config: JSON.parse(row.config),
    updatedBy: row.updated_by,
    updatedAt: toIso(row.updated_at),
  };
}

function toPipelineVersion(row: VersionRow): PipelineVersion {
  return {
    pipelineId: row.pipeline_id,
    version: Number(row.version),
    config: JSON.parse(row.config),
    changedBy: row.changed_by,
    changedAt: toIso(row.changed_at),
    ...(row.comment ? { comment: row.comment } : {}),
  };
}

/** PostgreSQL returns Dates, SQLite the stored number or string. */
function toIso(value: Date | string | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
