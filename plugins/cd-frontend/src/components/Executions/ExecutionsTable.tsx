import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Box, Button, MenuItem, TextField } from '@material-ui/core';
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
import {
  applicationExecutionsChannel,
  executionChannel,
} from '../shared/channels';
import { useLiveResource } from '../shared/useLiveResource';

const PAGE_SIZE = 25;

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

  // Older pages belong to the filters they were read with.
  useEffect(() => setOlder(undefined), [props.application, status, pipelineId]);
  const [channels, setChannels] = useState<string[]>([]);
  const first = useLiveResource(
    () =>
      cdApi.listExecutions({
        application: props.application,
        pipelineId: pipelineId || undefined,
        statuses: status ? [status] : undefined,
        limit: PAGE_SIZE,
      }),
    [cdApi, props.application, status, pipelineId],
    {
      channels,
      // Finished history does not change by itself: timed reloads only while something runs.
      isLive: page => !page || page.items.some(e => !isComplete(e.status)),
    },
  );
  // New executions are announced on the application's channel, changes of the listed running ones on theirs.
  const runningIds = (first.value?.items ?? [])
    .filter(e => !isComplete(e.status))
    .map(e => executionChannel(e.id))
    .join('\n');
  useEffect(() => {
    setChannels([
      applicationExecutionsChannel(props.application),
      ...(runningIds ? runningIds.split('\n') : []),
    ]);
  }, [props.application, runningIds]);

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

  if (first.error && !first.value)
    return <ResponseErrorPanel error={first.error} />;
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
