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
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { elapsed, formatTime } from '../shared/format';
import { SummaryCards } from './SummaryCards';
import { AppExecution, useAllExecutions } from './useAllExecutions';

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
  {
    title: 'Triggered by',
    render: e => `${e.trigger.type} · ${e.trigger.user}`,
  },
  { title: 'Started', render: e => formatTime(e.startTime ?? e.buildTime) },
  { title: 'Duration', render: e => elapsed(e.startTime, e.endTime) },
];

const matchesText = (e: AppExecution, text: string) =>
  [e.application, e.name, e.trigger.user, e.trigger.type, e.status].some(v =>
    v.toLowerCase().includes(text),
  );

/** Portal-wide: every CD application's recent executions, filterable, with links to each Deploy tab. */
export const DeploymentsPage = () => {
  const all = useAllExecutions();
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const [application, setApplication] = useState('');
  const [text, setText] = useState('');

  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (all.value?.executions ?? []).filter(
      e =>
        (!status || e.status === status) &&
        (!application || e.application === application) &&
        (!needle || matchesText(e, needle)),
    );
  }, [all.value, status, application, text]);

  return (
    <Page themeId="tool">
      <Header
        title="Deployments"
        subtitle="What is deploying, and what happened"
      />
      <Content>
        {all.loading && !all.value && <Progress />}
        {all.error && <ResponseErrorPanel error={all.error} />}
        {all.value && (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <SummaryCards executions={all.value.executions} />
            </Grid>
            {all.value.failures.length > 0 && (
              <Grid item xs={12}>
                <Alert severity="warning">
                  Could not read executions of{' '}
                  {all.value.failures
                    .map(f => `${f.application} (${f.message})`)
                    .join(', ')}
                </Alert>
              </Grid>
            )}
            <Grid item xs={12}>
              <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
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
                <TextField
                  select
                  label="Application"
                  value={application}
                  onChange={e => setApplication(e.target.value)}
                  style={{ minWidth: 200 }}
                  SelectProps={{
                    SelectDisplayProps: {
                      'aria-label': 'Application filter',
                    } as object,
                  }}
                >
                  <MenuItem value="">Any</MenuItem>
                  {all.value.applications.map(a => (
                    <MenuItem key={a} value={a}>
                      {a}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  label="Search"
                  value={text}
                  onChange={e => setText(e.target.value)}
                  inputProps={{ 'aria-label': 'Search executions' }}
                />
              </Box>
              <Table
                title="Executions"
                options={{
                  paging: true,
                  pageSize: 20,
                  search: false,
                  padding: 'dense',
                }}
                columns={columns}
                data={rows}
              />
            </Grid>
          </Grid>
        )}
      </Content>
    </Page>
  );
};
