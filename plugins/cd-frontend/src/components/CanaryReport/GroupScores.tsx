import { Box, Typography } from '@material-ui/core';
import type {
  CanaryJudgeGroupScore,
  ScoreThresholds,
} from '@internal/plugin-cd-common';
import { scoreColor } from './canaryColors';
import { formatNumber } from './canaryData';

/** Each metric group's score as a bar coloured against the thresholds. */
export const GroupScores = ({
  groups,
  thresholds,
  weights,
}: {
  groups: CanaryJudgeGroupScore[];
  thresholds: ScoreThresholds;
  weights?: Record<string, number>;
}) => (
  <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
    {groups.map(group => {
      const color = scoreColor(group.score, thresholds);
      const weight = weights?.[group.name];
      return (
        <Box
          component="li"
          key={group.name}
          mb={1}
          aria-label={`Group ${group.name} score`}
        >
          <Box display="flex" justifyContent="space-between">
            <Typography variant="body2">
              {group.name}
              {weight !== undefined && (
                <Typography
                  component="span"
                  variant="caption"
                  color="textSecondary"
                >
                  {' '}
                  (weight {weight})
                </Typography>
              )}
            </Typography>
            <Typography variant="body2" style={{ color, fontWeight: 600 }}>
              {formatNumber(group.score)}
            </Typography>
          </Box>
          <Box height={6} bgcolor="#e0e0e0" borderRadius={3}>
            <Box
              height={6}
              borderRadius={3}
              style={{
                width: `${Math.max(0, Math.min(100, group.score))}%`,
                backgroundColor: color,
              }}
            />
          </Box>
        </Box>
      );
    })}
  </Box>
);
