#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback with a known password, for the
# database tests (TestDatabases reads BACKSTAGE_TEST_DATABASE_POSTGRES*_CONNECTION_STRING).
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
cluster_state=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}')
if [ -z "$cluster_state" ]; then
  pg_createcluster "$version" main >/dev/null
fi
if [ "$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}')" != "online" ]; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && break
  sleep 1
done
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres';\""
echo "BACKSTAGE_TEST_DATABASE_POSTGRES${version}_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:5432"
