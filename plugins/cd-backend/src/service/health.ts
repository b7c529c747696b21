import Router from 'express-promise-router';
import type { Knex } from 'knex';

/** `GET /health`: the plugin is up and its database answers. */
export function createHealthRouter(deps: { knex: Knex }) {
  const router = Router();
  router.get('/health', async (_req, res) => {
    await deps.knex.raw('select 1');
    res.json({ status: 'ok' });
  });
  return router;
}
