import { useMemo } from 'react';
import { makeStyles, Typography } from '@material-ui/core';
import { elapsed } from '../shared/format';
import { STATUS_COLORS } from '../shared/statusColors';
import type { GraphStage } from './graphStages';
import { DEFAULT_LAYOUT, layoutStages } from './layoutStages';

const useStyles = makeStyles(theme => ({
  scroller: { overflowX: 'auto', padding: theme.spacing(1) },
  canvas: { position: 'relative' },
  edges: { position: 'absolute', top: 0, left: 0, pointerEvents: 'none' },
  edge: { fill: 'none', stroke: theme.palette.text.hint, strokeWidth: 1.5 },
  node: {
    position: 'absolute',
    boxSizing: 'border-box',
    width: DEFAULT_LAYOUT.nodeWidth,
    height: DEFAULT_LAYOUT.nodeHeight,
    padding: theme.spacing(0.75, 1),
    borderRadius: 6,
    border: '2px solid transparent',
    cursor: 'pointer',
    overflow: 'hidden',
    textAlign: 'left',
    font: 'inherit',
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}` },
  },
  selected: { borderColor: theme.palette.text.primary },
  running: { animation: '$pulse 1.5s ease-in-out infinite' },
  '@keyframes pulse': {
    '0%': { boxShadow: '0 0 0 0 rgba(25, 118, 210, 0.6)' },
    '70%': { boxShadow: '0 0 0 8px rgba(25, 118, 210, 0)' },
    '100%': { boxShadow: '0 0 0 0 rgba(25, 118, 210, 0)' },
  },
  line: {
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    lineHeight: 1.35,
  },
}));

export interface ExecutionGraphProps {
  stages: GraphStage[];
  selectedStageId?: string;
  onSelectStage?: (id: string) => void;
  /** For the running stages' elapsed time; the caller re-renders as it polls. */
  now?: number;
}

/** The stage DAG, left to right: boxes coloured by status, edges as SVG curves. */
export const ExecutionGraph = ({
  stages,
  selectedStageId,
  onSelectStage,
  now,
}: ExecutionGraphProps) => {
  const classes = useStyles();
  const layout = useMemo(() => layoutStages(stages), [stages]);
  const position = useMemo(
    () => new Map(layout.nodes.map(n => [n.id, n])),
    [layout],
  );

  if (stages.length === 0) {
    return (
      <Typography color="textSecondary">
        This pipeline has no stages.
      </Typography>
    );
  }
  return (
    <div className={classes.scroller}>
      <div
        className={classes.canvas}
        style={{ width: layout.width, height: layout.height }}
        role="group"
        aria-label="Stage graph"
      >
        <svg
          className={classes.edges}
          width={layout.width}
          height={layout.height}
          aria-hidden
        >
          {layout.edges.map(e => (
            <path
              key={`${e.from}>${e.to}`}
              className={classes.edge}
              d={e.path}
            />
          ))}
        </svg>
        {stages.map(stage => {
          const node = position.get(stage.id)!;
          const colors = stage.status
            ? STATUS_COLORS[stage.status]
            : STATUS_COLORS.NOT_STARTED;
          const classNames = [
            classes.node,
            stage.id === selectedStageId ? classes.selected : '',
            stage.status === 'RUNNING' ? classes.running : '',
          ];
          return (
            <button
              type="button"
              key={stage.id}
              className={classNames.join(' ')}
              style={{
                left: node.x,
                top: node.y,
                background: colors.background,
                color: colors.text,
              }}
              data-status={stage.status ?? 'DEFINED'}
              aria-pressed={stage.id === selectedStageId}
              aria-label={`${stage.name} (${stage.type})${
                stage.status ? ` ${stage.status}` : ''
              }`}
              onClick={() => onSelectStage?.(stage.id)}
            >
              <div className={classes.line} style={{ fontWeight: 600 }}>
                {stage.name}
              </div>
              <div
                className={classes.line}
                style={{ fontSize: '0.75rem', opacity: 0.9 }}
              >
                {stage.type}
                {stage.status ? ` · ${stage.status}` : ''}
              </div>
              {stage.startTime !== undefined && (
                <div className={classes.line} style={{ fontSize: '0.75rem' }}>
                  {elapsed(stage.startTime, stage.endTime, now)}
                </div>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
};
