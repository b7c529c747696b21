import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Box, Button, MenuItem, TextField } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useNavigate } from 'react-router-dom';
import {
  EXECUTION_STATUSES,
  ExecutionStatus,
  ExecutionSummary,
  isComplete,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { useDeployTabPaths } from '../shared/deployTabPaths';
import { elapsed, formatTime } from '../shared/format';

const PAGE_SIZE = 25;
/** While something runs the history refreshes itself; finished history does not. */
const REFRESH_MS = 5000;

/** The application's executions, newest first, filterable by status and pipeline. */
export const ExecutionsTable = (props: {
  application: string;
  pipelines: StoredPipeline[];
}) => {
  const cdApi = useApi(cdApiRef);
  const paths = useDeployTabPaths();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const [pipelineId, setPipelineId] = useState('');
  const [older, setOlder] = useState<{
    items: ExecutionSummary[];
    nextCursor?: string;
  }>();

  const first = useAsyncRetry(async () => {
    setOlder(undefined);
    return cdApi.listExecutions({
      application: props.application,
      pipelineId: pipelineId || undefined,
      statuses: status ? [status] : undefined,
      limit: PAGE_SIZE,
    });
  }, [cdApi, props.application, status, pipelineId]);

  const anyRunning =
    first.value?.items.some(e => !isComplete(e.status)) ?? false;
  const { retry } = first;
  useEffect(() => {
    if (!anyRunning) return undefined;
    const timer = setInterval(retry, REFRESH_MS);
    return () => clearInterval(timer);
  }, [anyRunning, retry]);

  const nextCursor = older ? older.nextCursor : first.value?.nextCursor;
  const loadMore = async () => {
    const page = await cdApi.listExecutions({
      application: props.application,
      pipelineId: pipelineId || undefined,
      statuses: status ? [status] : undefined,
      limit: PAGE_SIZE,
      cursor: nextCursor,
    });
    setOlder({
      items: [...(older?.items ?? []), ...page.items],
      nextCursor: page.nextCursor,
    });
  };

  const columns: TableColumn<ExecutionSummary>[] = [
    { title: 'Status', render: e => <ExecutionStatusChip status={e.status} /> },
    {
      title: 'Pipeline',
      render: e => <Link to={paths.execution(e.id)}>{e.name}</Link>,
    },
    { title: 'Trigger', render: e => `${e.trigger.type} · ${e.trigger.user}` },
    { title: 'Started', render: e => formatTime(e.startTime ?? e.buildTime) },
    { title: 'Duration', render: e => elapsed(e.startTime, e.endTime) },
  ];

  const filters = (
    <Box display="flex" style={{ gap: 16 }}>
      <TextField
        select
        label="Status"
        value={status}
        onChange={e => setStatus(e.target.value as ExecutionStatus | '')}
        style={{ minWidth: 160 }}
        SelectProps={{
          SelectDisplayProps: { 'aria-label': 'Status filter' } as object,
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
        label="Pipeline"
        value={pipelineId}
        onChange={e => setPipelineId(e.target.value)}
        style={{ minWidth: 200 }}
        SelectProps={{
          SelectDisplayProps: { 'aria-label': 'Pipeline filter' } as object,
        }}
      >
        <MenuItem value="">Any</MenuItem>
        {props.pipelines.map(p => (
          <MenuItem key={p.id} value={p.id}>
            {p.name}
          </MenuItem>
        ))}
      </TextField>
    </Box>
  );

  if (first.error) return <ResponseErrorPanel error={first.error} />;
  const items = [...(first.value?.items ?? []), ...(older?.items ?? [])];
  return (
    <>
      <Box mb={1}>{filters}</Box>
      <Table
        title="Executions"
        isLoading={first.loading && !first.value}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={items}
        onRowClick={(_, row) => row && navigate(paths.execution(row.id))}
        emptyContent={<Box p={2}>No executions match.</Box>}
      />
      {nextCursor && (
        <Box mt={1}>
          <Button onClick={loadMore}>Older executions</Button>
        </Box>
      )}
    </>
  );
};
