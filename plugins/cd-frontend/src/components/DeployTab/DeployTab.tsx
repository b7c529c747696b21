import { useState } from 'react';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { Button, Grid, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Execution,
  getCdApplication,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { DeployDialog } from './DeployDialog';

const executionColumns: TableColumn<Execution>[] = [
  { title: 'Pipeline', field: 'name' },
  {
    title: 'Status',
    field: 'status',
    render: e => <ExecutionStatusChip status={e.status} />,
  },
  { title: 'Triggered by', render: e => e.trigger?.user ?? '' },
  {
    title: 'Started',
    render: e => (e.startTime ? new Date(e.startTime).toLocaleString() : '—'),
  },
];

/** The Deploy tab: the application's pipelines and their executions. */
export const DeployTab = () => {
  const { entity } = useEntity();
  const application = getCdApplication(entity) ?? entity.metadata.name;
  const cdApi = useApi(cdApiRef);
  const [deploying, setDeploying] = useState<StoredPipeline | undefined>();

  const pipelines = useAsyncRetry(
    () => cdApi.listPipelines(application),
    [cdApi, application],
  );
  const executions = useAsyncRetry(
    () => cdApi.listExecutions({ application, limit: 25 }),
    [cdApi, application],
  );

  const pipelineColumns: TableColumn<StoredPipeline>[] = [
    { title: 'Name', field: 'name' },
    { title: 'Stages', render: p => p.config.stages.length },
    { title: 'Version', field: 'version' },
    {
      title: '',
      render: p => (
        <Button
          variant="contained"
          color="primary"
          disabled={Boolean(p.config.disabled)}
          onClick={() => setDeploying(p)}
        >
          Deploy
        </Button>
      ),
    },
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={`Application ${application}`}>
          <Typography variant="body2">
            Pipelines, executions and clusters of {entity.metadata.name}.
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {pipelines.loading && <Progress />}
        {pipelines.error && <ResponseErrorPanel error={pipelines.error} />}
        {pipelines.value && (
          <Table
            title="Pipelines"
            options={{ paging: false, search: false }}
            columns={pipelineColumns}
            data={pipelines.value}
            emptyContent={
              <Typography style={{ padding: 16 }}>
                No pipelines yet for {application}.
              </Typography>
            }
          />
        )}
      </Grid>
      <Grid item xs={12}>
        {executions.error && <ResponseErrorPanel error={executions.error} />}
        {executions.value && (
          <Table
            title="Executions"
            options={{ paging: false, search: false }}
            columns={executionColumns}
            data={executions.value.items}
          />
        )}
      </Grid>
      {deploying && (
        <DeployDialog
          pipeline={deploying}
          onClose={() => setDeploying(undefined)}
          onStarted={() => {
            setDeploying(undefined);
            executions.retry();
          }}
        />
      )}
    </Grid>
  );
};
