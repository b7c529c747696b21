import { useMemo, useState } from 'react';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Grid } from '@material-ui/core';
import {
  Execution,
  isComplete,
  StageExecution,
} from '@internal/plugin-cd-common';
import { ExecutionGraph, executionGraphStages } from '../ExecutionGraph';
import { JudgmentForm } from '../Judgment';
import { ExecutionControls } from './ExecutionControls';
import { ExecutionHeader } from './ExecutionHeader';
import { useNow } from '../shared/useNow';
import { StageDetails } from './StageDetails';
import { useExecution } from './useExecution';

/** The stage worth looking at first: running, else failed, else the last one that started. */
function defaultStage(execution: Execution): StageExecution | undefined {
  const top = execution.stages.filter(s => !s.parentStageId);
  return (
    top.find(s => s.status === 'RUNNING') ??
    top.find(s => s.status === 'TERMINAL') ??
    [...top].reverse().find(s => s.startTime !== undefined) ??
    top[0]
  );
}

/** One execution, live: header, stage graph, controls, judgment and the selected stage's details. */
export const ExecutionView = (props: {
  executionId: string;
  /** Where "back" goes (the executions list). */
  backTo?: string;
  /** Without signals, how often it reloads while running. */
  fallbackIntervalMs?: number;
}) => {
  const { execution, error, loading, replace } = useExecution(
    props.executionId,
    props.fallbackIntervalMs,
  );
  const now = useNow(Boolean(execution && !isComplete(execution.status)));
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const graphStages = useMemo(
    () => (execution ? executionGraphStages(execution) : []),
    [execution],
  );

  if (loading && !execution) return <Progress />;
  if (!execution) return error ? <ResponseErrorPanel error={error} /> : null;

  const selected =
    execution.stages.find(s => s.id === selectedId) ?? defaultStage(execution);
  const awaitingJudgment = execution.stages.filter(
    s =>
      s.type === 'manualJudgment' &&
      s.status === 'RUNNING' &&
      !s.context.judgmentStatus,
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={`Execution of ${execution.name}`}
          subheader={execution.id}
          action={
            props.backTo ? (
              <Link to={props.backTo}>All executions</Link>
            ) : undefined
          }
        >
          <ExecutionHeader execution={execution} now={now} />
          {error && (
            <ResponseErrorPanel error={error} title="Could not refresh" />
          )}
          <ExecutionGraph
            stages={graphStages}
            selectedStageId={selected?.id}
            onSelectStage={setSelectedId}
            now={now}
          />
          <ExecutionControls
            execution={execution}
            selectedStage={selected}
            onChange={replace}
          />
        </InfoCard>
      </Grid>
      {awaitingJudgment.map(stage => (
        <Grid item xs={12} key={stage.id}>
          <JudgmentForm
            execution={execution}
            stage={stage}
            onJudged={replace}
          />
        </Grid>
      ))}
      {selected && (
        <Grid item xs={12}>
          <StageDetails execution={execution} stage={selected} now={now} />
        </Grid>
      )}
    </Grid>
  );
};
