const PRODUCTION_ENVIRONMENTS = new Set(['prod', 'production']);

/**
 * Which accounts count as production for DORA: those whose `environment`
 * is prod/production. An installation without any (like the demo, whose
 * only account is `dev`) treats every account as production, so the
 * figures are not all empty.
 */
export function productionAccountPredicate(
  accounts: ReadonlyArray<{ name: string; environment?: string }>,
): (account: string) => boolean {
  const production = new Set(
    accounts
      .filter(a => a.environment && PRODUCTION_ENVIRONMENTS.has(a.environment.toLowerCase()))
      .map(a => a.name),
  );
  if (production.size === 0) return () => true;
  return account => production.has(account);
}
