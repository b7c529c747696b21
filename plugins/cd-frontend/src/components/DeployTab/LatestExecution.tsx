import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { isComplete } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { ExecutionGraph, executionGraphStages } from '../ExecutionGraph';
import { useExecution } from '../ExecutionView';
import { applicationExecutionsChannel } from '../shared/channels';
import { useDeployTabPaths } from '../shared/deployTabPaths';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { elapsed } from '../shared/format';
import { useLiveResource } from '../shared/useLiveResource';
import { useNow } from '../shared/useNow';

/** The graph of one execution, live; a click on a stage opens the execution on it. */
const LiveGraph = ({ executionId }: { executionId: string }) => {
  const paths = useDeployTabPaths();
  const navigate = useNavigate();
  const { execution } = useExecution(executionId);
  const running = Boolean(execution && !isComplete(execution.status));
  const now = useNow(running);
  const stages = useMemo(
    () => (execution ? executionGraphStages(execution) : []),
    [execution],
  );
  if (!execution) return <Progress />;
  return (
    <>
      <Typography variant="body2" component="div" gutterBottom>
        <ExecutionStatusChip status={execution.status} />{' '}
        <Link to={paths.execution(execution.id)}>{execution.name}</Link> ·{' '}
        {execution.trigger.user} ·{' '}
        {elapsed(execution.startTime, execution.endTime, now)}
      </Typography>
      <ExecutionGraph
        stages={stages}
        now={now}
        onSelectStage={() => navigate(paths.execution(execution.id))}
      />
    </>
  );
};

/**
 * The application's most recent execution (a running one first) as its
 * stage graph, so a deploy can be watched from the tab itself.
 */
export const LatestExecution = ({ application }: { application: string }) => {
  const cdApi = useApi(cdApiRef);
  const recent = useLiveResource(
    () => cdApi.listExecutions({ application, limit: 10 }),
    [cdApi, application],
    { channels: [applicationExecutionsChannel(application)] },
  );
  const items = recent.value?.items ?? [];
  const latest = items.find(e => !isComplete(e.status)) ?? items[0];
  if (!recent.value && recent.loading) return null;
  if (!latest) return null;
  return (
    <InfoCard
      title={isComplete(latest.status) ? 'Latest execution' : 'Running now'}
    >
      <LiveGraph key={latest.id} executionId={latest.id} />
    </InfoCard>
  );
};
