import { useApi } from '@backstage/core-plugin-api';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { Execution } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';

const columns: TableColumn<Execution>[] = [
  { title: 'Application', field: 'application' },
  { title: 'Pipeline', field: 'name' },
  { title: 'Status', render: e => <ExecutionStatusChip status={e.status} /> },
  { title: 'Triggered by', render: e => e.trigger?.user ?? '' },
  {
    title: 'Started',
    render: e => (e.startTime ? new Date(e.startTime).toLocaleString() : '—'),
  },
];

/** Portal-wide: every application's executions, newest first. */
export const DeploymentsPage = () => {
  const cdApi = useApi(cdApiRef);
  const executions = useAsyncRetry(() => cdApi.listExecutions({ limit: 100 }), [cdApi]);
  return (
    <Page themeId="tool">
      <Header title="Deployments" subtitle="What is deploying, and what happened" />
      <Content>
        {executions.loading && <Progress />}
        {executions.error && <ResponseErrorPanel error={executions.error} />}
        {executions.value && (
          <Table
            title="Executions"
            options={{ paging: true, pageSize: 20 }}
            columns={columns}
            data={executions.value.items}
          />
        )}
      </Content>
    </Page>
  );
};
