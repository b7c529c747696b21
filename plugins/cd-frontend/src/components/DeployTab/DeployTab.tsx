import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Grid, Typography } from '@material-ui/core';
import { Route, Routes, useNavigate, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { getCdApplication, StoredPipeline } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import {
  ApplicationClustersState,
  ClustersView,
  useApplicationClusters,
} from '../Clusters';
import { AuditLog } from '../Audit';
import { CanaryConfigs } from '../CanaryConfigs';
import { DoraCard } from '../Dora';
import { ExecutionsTable } from '../Executions';
import { ExecutionView } from '../ExecutionView';
import { PipelineEditor } from '../PipelineEditor';
import {
  DeployTabPathsProvider,
  useDeployTabPaths,
} from '../shared/deployTabPaths';
import { DeployHeader } from './DeployHeader';
import { LatestExecution } from './LatestExecution';
import { PipelinesTable } from './PipelinesTable';

type Pipelines = AsyncStateRetry<StoredPipeline[]>;

const Overview = ({
  application,
  entityRef,
  clusters,
  pipelines,
}: {
  application: string;
  entityRef: string;
  clusters: ApplicationClustersState;
  pipelines: Pipelines;
}) => {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <LatestExecution application={application} />
      </Grid>
      <Grid item xs={12} md={4}>
        <DoraCard application={application} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Clusters">
          <ClustersView application={application} state={clusters} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        {pipelines.loading && !pipelines.value && <Progress />}
        {pipelines.error && <ResponseErrorPanel error={pipelines.error} />}
        {pipelines.value && (
          <PipelinesTable
            application={application}
            entityRef={entityRef}
            pipelines={pipelines.value}
            onChanged={pipelines.retry}
          />
        )}
      </Grid>
      <Grid item xs={12}>
        <ExecutionsTable
          application={application}
          pipelines={pipelines.value ?? []}
        />
      </Grid>
    </Grid>
  );
};

const ExecutionRoute = () => {
  const { executionId = '' } = useParams();
  const paths = useDeployTabPaths();
  return <ExecutionView executionId={executionId} backTo={paths.root} />;
};

const PipelineRoute = ({ application }: { application: string }) => {
  const { pipelineId } = useParams();
  const paths = useDeployTabPaths();
  const navigate = useNavigate();
  return (
    <>
      <Typography paragraph>
        <Link to={paths.root}>All pipelines</Link>
      </Typography>
      <PipelineEditor
        key={pipelineId ?? 'new'}
        application={application}
        pipelineId={pipelineId}
        onSaved={(saved, created) =>
          created && navigate(paths.pipeline(saved.id), { replace: true })
        }
        onDeleted={() => navigate(paths.root)}
      />
    </>
  );
};

/** The Deploy tab (mounted at `/catalog/:ns/:kind/:name/cd/*`): pipelines, executions, editors. */
export const DeployTab = () => {
  const { entity } = useEntity();
  const application = getCdApplication(entity) ?? entity.metadata.name;
  const cdApi = useApi(cdApiRef);
  // Followed once for the header's versions and the clusters view.
  const clusters = useApplicationClusters(application);
  const pipelines = useAsyncRetry(
    () => cdApi.listPipelines(application),
    [cdApi, application],
  );
  return (
    <DeployTabPathsProvider>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <DeployHeader
            application={application}
            entityName={entity.metadata.name}
            clusters={clusters.value}
            pipelines={pipelines.value}
          />
        </Grid>
        <Grid item xs={12}>
          <Routes>
            <Route
              path="/"
              element={
                <Overview
                  application={application}
                  entityRef={stringifyEntityRef(entity)}
                  clusters={clusters}
                  pipelines={pipelines}
                />
              }
            />
            <Route
              path="executions/:executionId"
              element={<ExecutionRoute />}
            />
            <Route
              path="pipelines/new"
              element={<PipelineRoute application={application} />}
            />
            <Route
              path="pipelines/:pipelineId"
              element={<PipelineRoute application={application} />}
            />
            <Route
              path="canary-configs"
              element={<CanaryConfigs application={application} />}
            />
            <Route
              path="audit"
              element={<AuditLog application={application} />}
            />
          </Routes>
        </Grid>
      </Grid>
    </DeployTabPathsProvider>
  );
};
