import { randomUUID } from 'crypto';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { CanaryConfig, StoredCanaryConfig } from '@internal/plugin-cd-common';
import type { Knex } from 'knex';
import { CanaryConfigValidationError } from './errors';
import { validateCanaryConfig } from './validateCanaryConfig';

/** Canary configurations per application, with every saved version. */
export interface CanaryConfigStore {
  /** The latest version of each configuration of the application, by name. */
  list(application: string): Promise<StoredCanaryConfig[]>;
  get(id: string): Promise<StoredCanaryConfig | undefined>;
  getByName(application: string, name: string): Promise<StoredCanaryConfig | undefined>;
  /** Validates and stores version 1; keeps a valid, free `config.id` (Kayenta ids referenced by pipelines). */
  create(application: string, document: unknown, actor: string): Promise<StoredCanaryConfig>;
  /** Validates and stores the next version; `expectedVersion` other than the current one is a 409. */
  update(id: string, document: unknown, actor: string, options?: { expectedVersion?: number }): Promise<StoredCanaryConfig>;
  delete(id: string): Promise<StoredCanaryConfig>;
  /** Every version, newest first. */
  versions(id: string): Promise<StoredCanaryConfig[]>;
}

const CONFIGS = 'cd_canary_configs';
const VERSIONS = 'cd_canary_config_versions';

interface ConfigRow {
  id: string;
  application: string;
  name: string;
  version: number;
  config: string;
  updated_by: string;
  updated_at: Date | string | number;
}

interface VersionRow {
  canary_config_id: string;
  version: number;
  name: string;
  config: string;
  updated_by: string;
  updated_at: Date | string | number;
}

/**
 * The knex store (SQLite and PostgreSQL). A write validates first, then
 * writes the current row and its version row in one transaction; the update
 * is conditional on the version read, so concurrent saves cannot both win.
 */
export class DatabaseCanaryConfigStore implements CanaryConfigStore {
  constructor(private readonly deps: { knex: Knex }) {}

  async list(application: string): Promise<StoredCanaryConfig[]> {
    const rows = await this.deps.knex<ConfigRow>(CONFIGS).where({ application }).orderBy('name');
    return rows.map(toStored);
  }

  async get(id: string): Promise<StoredCanaryConfig | undefined> {
    const row = await this.deps.knex<ConfigRow>(CONFIGS).where({ id }).first();
    return row && toStored(row);
  }

  async getByName(application: string, name: string): Promise<StoredCanaryConfig | undefined> {
    const row = await this.deps.knex<ConfigRow>(CONFIGS).where({ application, name }).first();
    return row && toStored(row);
  }

  async create(application: string, document: unknown, actor: string): Promise<StoredCanaryConfig> {
    const config = valid(document, application);
    return this.deps.knex.transaction(async trx => {
      await assertNameFree(trx, application, config.name);
      const id = config.id ?? randomUUID();
      if (config.id && (await trx(CONFIGS).where({ id }).first())) {
        throw new ConflictError(`a canary configuration with id ${id} already exists`);
      }
      const now = new Date();
      const stored = { ...config, id };
      await guardUnique(() =>
        trx(CONFIGS).insert({
          id,
          application,
          name: config.name,
          version: 1,
          config: JSON.stringify(stored),
          updated_by: actor,
          updated_at: now,
        }),
      );
      await trx(VERSIONS).insert(versionRow(id, 1, stored, actor, now));
      return { id, application, name: config.name, version: 1, config: stored, updatedBy: actor, updatedAt: now.toISOString() };
    });
  }

  async update(
    id: string,
    document: unknown,
    actor: string,
    options: { expectedVersion?: number } = {},
  ): Promise<StoredCanaryConfig> {
    const current = await this.get(id);
    if (!current) throw new NotFoundError(`no canary configuration with id ${id}`);
    const config = valid(document, current.application);
    if (config.id !== undefined && config.id !== id) {
      throw new CanaryConfigValidationError([{ path: 'config.id', message: `must be ${JSON.stringify(id)} (the configuration being updated)` }]);
    }
    return this.deps.knex.transaction(async trx => {
      const row = await trx<ConfigRow>(CONFIGS).where({ id }).first();
      if (!row) throw new NotFoundError(`no canary configuration with id ${id}`);
      if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
        throw new ConflictError(
          `canary configuration ${id} is at version ${row.version}, not ${options.expectedVersion}: it was changed since it was read`,
        );
      }
      if (config.name !== row.name) await assertNameFree(trx, row.application, config.name);
      const version = row.version + 1;
      const now = new Date();
      const stored = { ...config, id };
      const updated = await guardUnique(() =>
        trx(CONFIGS)
          .where({ id, version: row.version })
          .update({ name: config.name, version, config: JSON.stringify(stored), updated_by: actor, updated_at: now }),
      );
      if (updated !== 1) throw new ConflictError(`canary configuration ${id} was changed concurrently; reload and retry`);
      await trx(VERSIONS).insert(versionRow(id, version, stored, actor, now));
      return { id, application: row.application, name: config.name, version, config: stored, updatedBy: actor, updatedAt: now.toISOString() };
    });
  }

  async delete(id: string): Promise<StoredCanaryConfig> {
    return this.deps.knex.transaction(async trx => {
      const row = await trx<ConfigRow>(CONFIGS).where({ id }).first();
      if (!row) throw new NotFoundError(`no canary configuration with id ${id}`);
      await trx(VERSIONS).where({ canary_config_id: id }).delete();
      await trx(CONFIGS).where({ id }).delete();
      return toStored(row);
    });
  }

  async versions(id: string): Promise<StoredCanaryConfig[]> {
    const current = await this.get(id);
    if (!current) throw new NotFoundError(`no canary configuration with id ${id}`);
    const rows = await this.deps.knex<VersionRow>(VERSIONS).where({ canary_config_id: id }).orderBy('version', 'desc');
    return rows.map(r => ({
      id,
      application: current.application,
      name: r.name,
      version: r.version,
      config: JSON.parse(r.config),
      updatedBy: r.updated_by,
      updatedAt: iso(r.updated_at),
    }));
  }
}

function valid(document: unknown, application: string): CanaryConfig {
  const result = validateCanaryConfig(document, application);
  if (!result.config) throw new CanaryConfigValidationError(result.issues);
  return result.config;
}

async function assertNameFree(trx: Knex.Transaction, application: string, name: string) {
  const taken = await trx<ConfigRow>(CONFIGS).where({ application, name }).first();
  if (taken) {
    throw new ConflictError(
      `application ${application} already has a canary configuration named ${JSON.stringify(name)} (${taken.id})`,
    );
  }
}

/** A racing writer that took the name between our check and our write gets a 409 too. */
async function guardUnique<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const error = e as { code?: string; message?: string };
    if (error.code === '23505' || /UNIQUE constraint failed/.test(error.message ?? '')) {
      throw new ConflictError('a canary configuration with this name or id already exists', e);
    }
    throw e;
  }
}

function versionRow(id: string, version: number, config: CanaryConfig, actor: string, at: Date): VersionRow {
  return { canary_config_id: id, version, name: config.name, config: JSON.stringify(config), updated_by: actor, updated_at: at };
}

function toStored(row: ConfigRow): StoredCanaryConfig {
  return {
    id: row.id,
    application: row.application,
    name: row.name,
    version: Number(row.version),
    config: JSON.parse(row.config),
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
  };
}

function iso(value: Date | string | number): string {
  return new Date(value).toISOString();
}
