import { useMemo, useState } from 'react';
import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Box, Grid, MenuItem, TextField } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EXECUTION_STATUSES,
  ExecutionStatus,
} from '@internal/plugin-cd-common';
import { AuditLog } from '../Audit';
import { PortalDoraCard } from '../Dora';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { elapsed, formatTime } from '../shared/format';
import { ClustersTable } from './ClustersTable';
import {
  clusterRows,
  filterExecutions,
  filterOptions,
  NO_PORTAL_FILTERS,
  PortalFilters,
} from './portalFilters';
import { PortalFiltersBar } from './PortalFiltersBar';
import { SummaryCards } from './SummaryCards';
import type { AppExecution } from './useAllExecutions';
import { useCdApplications } from './useCdApplications';
import { usePortalDeployments } from './usePortalDeployments';

const columns: TableColumn<AppExecution>[] = [
  { title: 'Status', render: e => <ExecutionStatusChip status={e.status} /> },
  {
    title: 'Application',
    render: e => <Link to={e.deployTab}>{e.application}</Link>,
  },
  {
    title: 'Pipeline',
    render: e => (
      <Link to={`${e.deployTab}/executions/${encodeURIComponent(e.id)}`}>
        {e.name}
      </Link>
    ),
  },
  { title: 'Owner', render: e => e.app.owner || '—' },
  {
    title: 'Triggered by',
    render: e => `${e.trigger.type} · ${e.trigger.user}`,
  },
  { title: 'Started', render: e => formatTime(e.startTime ?? e.buildTime) },
  { title: 'Duration', render: e => elapsed(e.startTime, e.endTime) },
];

/**
 * Portal-wide: every CD application's clusters and recent executions,
 * filterable by owner, system, account and health, what is deploying and
 * what failed today at a glance, DORA metrics and the audit log.
 */
export const DeploymentsPage = () => {
  const apps = useCdApplications();
  const deployments = usePortalDeployments(apps.value);
  const [filters, setFilters] = useState<PortalFilters>(NO_PORTAL_FILTERS);
  const [status, setStatus] = useState<ExecutionStatus | ''>('');

  const value = deployments.value;
  const options = useMemo(
    () => filterOptions(apps.value ?? [], value?.clusters ?? []),
    [apps.value, value],
  );
  const clusters = useMemo(
    () => clusterRows(value?.clusters ?? [], filters),
    [value, filters],
  );
  // The panels follow owner/system/text; the status filter narrows only the table.
  const executions = useMemo(
    () => filterExecutions(value?.executions ?? [], filters),
    [value, filters],
  );
  const tableRows = useMemo(
    () => executions.filter(e => !status || e.status === status),
    [executions, status],
  );

  const error = apps.error ?? deployments.error;
  return (
    <Page themeId="tool">
      <Header
        title="Deployments"
        subtitle="What is deploying, what runs where, and what happened"
      />
      <Content>
        {(apps.loading || (deployments.loading && !value)) && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && !apps.loading && (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <PortalFiltersBar
                filters={filters}
                options={options}
                onChange={setFilters}
              />
            </Grid>
            <Grid item xs={12}>
              <SummaryCards executions={executions} />
            </Grid>
            {value.failures.length > 0 && (
              <Grid item xs={12}>
                <Alert severity="warning">
                  Could not read{' '}
                  {value.failures
                    .map(f => `${f.what} of ${f.application} (${f.message})`)
                    .join(', ')}
                </Alert>
              </Grid>
            )}
            <Grid item xs={12}>
              <ClustersTable rows={clusters} />
            </Grid>
            <Grid item xs={12}>
              <Box mb={2}>
                <TextField
                  select
                  label="Status"
                  value={status}
                  onChange={e =>
                    setStatus(e.target.value as ExecutionStatus | '')
                  }
                  style={{ minWidth: 160 }}
                  SelectProps={{
                    SelectDisplayProps: {
                      'aria-label': 'Status filter',
                    } as object,
                  }}
                >
                  <MenuItem value="">Any</MenuItem>
                  {EXECUTION_STATUSES.map(s => (
                    <MenuItem key={s} value={s}>
                      {s}
                    </MenuItem>
                  ))}
                </TextField>
              </Box>
              <Table
                title={`Executions (${tableRows.length})`}
                options={{
                  paging: true,
                  pageSize: 20,
                  search: false,
                  padding: 'dense',
                }}
                columns={columns}
                data={tableRows}
              />
            </Grid>
            <Grid item xs={12}>
              <PortalDoraCard />
            </Grid>
            <Grid item xs={12}>
              <AuditLog title="Audit log, all applications" />
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
};
