import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  cdJudgmentSubmitPermission,
  Execution,
  StageExecution,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage, JudgmentInput } from '../../api';
import { PermissionButton } from '../shared/PermissionButton';
import { useCdPermission } from '../shared/useCdPermission';

function judgmentInputs(stage: StageExecution): string[] {
  const inputs = stage.context.judgmentInputs;
  if (!Array.isArray(inputs)) return [];
  return inputs
    .map(i =>
      typeof i === 'object' && i !== null
        ? (i as { value?: unknown }).value
        : undefined,
    )
    .filter((v): v is string => typeof v === 'string' && v !== '');
}

function requiredRoles(stage: StageExecution): string[] {
  const roles = stage.context.requiredJudgmentRoles;
  return Array.isArray(roles) ? roles.map(String) : [];
}

/** The manual judgment of a RUNNING `manualJudgment` stage: instructions and one button per choice. */
export const JudgmentForm = (props: {
  execution: Execution;
  stage: StageExecution;
  onJudged: (execution: Execution) => void;
}) => {
  const { execution, stage } = props;
  const cdApi = useApi(cdApiRef);
  const permission = useCdPermission(cdJudgmentSubmitPermission);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const inputs = judgmentInputs(stage);
  const roles = requiredRoles(stage);
  const instructions =
    typeof stage.context.instructions === 'string'
      ? stage.context.instructions
      : undefined;

  const judge = async (judgment: JudgmentInput) => {
    setBusy(true);
    setError(undefined);
    try {
      props.onJudged(
        await cdApi.submitJudgment(execution.id, stage.id, judgment),
      );
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  const common = { permission, disabled: busy, variant: 'contained' as const };
  return (
    <InfoCard title={`Manual judgment: ${stage.name}`}>
      {instructions && (
        <Typography
          variant="body1"
          paragraph
          style={{ whiteSpace: 'pre-wrap' }}
        >
          {instructions}
        </Typography>
      )}
      {roles.length > 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          Only members of {roles.join(', ')} may judge.
        </Typography>
      )}
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        {inputs.length > 0 ? (
          inputs.map(value => (
            <PermissionButton
              key={value}
              {...common}
              color="primary"
              onClick={() =>
                judge({ judgmentStatus: 'continue', input: value })
              }
            >
              {value}
            </PermissionButton>
          ))
        ) : (
          <PermissionButton
            {...common}
            color="primary"
            onClick={() => judge({ judgmentStatus: 'continue' })}
          >
            Continue
          </PermissionButton>
        )}
        <PermissionButton
          {...common}
          color="secondary"
          onClick={() => judge({ judgmentStatus: 'stop' })}
        >
          Stop
        </PermissionButton>
      </Box>
      {error && (
        <Box mt={2}>
          <Alert severity="error">{error}</Alert>
        </Box>
      )}
    </InfoCard>
  );
};
