import { ReactNode } from 'react';
import { CodeSnippet, InfoCard } from '@backstage/core-components';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type {
  Execution,
  ExpressionSummaryEntry,
  StageExecution,
} from '@internal/plugin-cd-common';
import { stringify } from 'yaml';
import { CanaryReport, KAYENTA_CANARY_STAGE } from '../CanaryReport';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { elapsed, formatTime } from '../shared/format';

const SUMMARY_KEY = 'expressionEvaluationSummary';
const SEVERITY = { ERROR: 'error', WARNING: 'warning', INFO: 'info' } as const;

const Section = ({
  title,
  children,
}: {
  title: string;
  children: ReactNode;
}) => (
  <Box mt={2}>
    <Typography variant="subtitle2" gutterBottom>
      {title}
    </Typography>
    {children}
  </Box>
);

const Yaml = ({ value }: { value: unknown }) => (
  <CodeSnippet text={stringify(value)} language="yaml" showCopyCodeButton />
);

function expressionSummary(
  stage: StageExecution,
): Array<[string, ExpressionSummaryEntry]> {
  const summary = stage.context[SUMMARY_KEY];
  if (typeof summary !== 'object' || summary === null) return [];
  return Object.entries(
    summary as Record<string, ExpressionSummaryEntry[]>,
  ).flatMap(([expression, entries]) =>
    Array.isArray(entries)
      ? entries.map(e => [expression, e] as [string, ExpressionSummaryEntry])
      : [],
  );
}

/** Everything about one stage: errors, tasks, synthetic stages, expressions, context and outputs. */
export const StageDetails = ({
  execution,
  stage,
  now,
}: {
  execution: Execution;
  stage: StageExecution;
  now?: number;
}) => {
  const { [SUMMARY_KEY]: _summary, ...context } = stage.context;
  // The canary report has its own view above; the YAML would repeat all of it.
  const { canaryReport: _report, ...shownOutputs } = stage.outputs;
  const synthetic = execution.stages.filter(s => s.parentStageId === stage.id);
  const expressions = expressionSummary(stage);
  const exception = stage.exception?.details;

  return (
    <InfoCard
      title={`Stage ${stage.name}`}
      subheader={`${stage.type} · ${stage.status}`}
    >
      <Typography variant="body2">
        Started {formatTime(stage.startTime)} · took{' '}
        {elapsed(stage.startTime, stage.endTime, now)}
        {stage.attempt && stage.attempt > 1
          ? ` · attempt ${stage.attempt}`
          : ''}
      </Typography>

      {exception && (
        <Section title="Errors">
          <Alert severity="error">
            {exception.error}
            {exception.errors?.length ? (
              <ul>
                {exception.errors.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            ) : null}
          </Alert>
        </Section>
      )}

      {/* Canary analysis: the report (scores, metrics, charts) is built by components/CanaryReport. */}
      {stage.type === KAYENTA_CANARY_STAGE && (
        <Section title="Canary report">
          <CanaryReport stage={stage} />
        </Section>
      )}

      {stage.restartDetails && (
        <Section title="Restarted">
          <Typography variant="body2">
            by {stage.restartDetails.restartedBy} at{' '}
            {formatTime(stage.restartDetails.restartTime)}
            {stage.restartDetails.reason
              ? `: ${stage.restartDetails.reason}`
              : ''}
          </Typography>
        </Section>
      )}

      {stage.tasks.length > 0 && (
        <Section title="Tasks">
          <Table size="small" aria-label="Tasks">
            <TableHead>
              <TableRow>
                <TableCell>Task</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Started</TableCell>
                <TableCell>Duration</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {stage.tasks.map(task => (
                <TableRow key={task.id}>
                  <TableCell>{task.name}</TableCell>
                  <TableCell>
                    <ExecutionStatusChip status={task.status} />
                  </TableCell>
                  <TableCell>{formatTime(task.startTime)}</TableCell>
                  <TableCell>
                    {elapsed(task.startTime, task.endTime, now)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
      )}

      {synthetic.length > 0 && (
        <Section title="Synthetic stages">
          <Table size="small" aria-label="Synthetic stages">
            <TableBody>
              {synthetic.map(s => (
                <TableRow key={s.id}>
                  <TableCell>
                    {s.syntheticStageOwner === 'STAGE_AFTER'
                      ? 'after'
                      : 'before'}
                  </TableCell>
                  <TableCell>{s.name}</TableCell>
                  <TableCell>{s.type}</TableCell>
                  <TableCell>
                    <ExecutionStatusChip status={s.status} />
                  </TableCell>
                  <TableCell>{elapsed(s.startTime, s.endTime, now)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
      )}

      {expressions.length > 0 && (
        <Section title="Expression evaluation">
          {expressions.map(([expression, entry], i) => (
            <Alert
              key={`${expression}-${i}`}
              severity={SEVERITY[entry.level]}
              style={{ marginBottom: 4 }}
            >
              <code>{expression}</code>: {entry.description}
            </Alert>
          ))}
        </Section>
      )}

      <Section title="Context">
        <Yaml value={context} />
      </Section>
      {Object.keys(shownOutputs).length > 0 && (
        <Section title="Outputs">
          <Yaml value={shownOutputs} />
        </Section>
      )}
    </InfoCard>
  );
};
