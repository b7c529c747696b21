import type { TestDatabaseId } from '@backstage/backend-test-utils';

/**
 * SQLite always; PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * (or another version's variable) points at a server.
 */
export const TEST_DATABASE_IDS: TestDatabaseId[] = ['SQLITE_3', 'POSTGRES_15'];
