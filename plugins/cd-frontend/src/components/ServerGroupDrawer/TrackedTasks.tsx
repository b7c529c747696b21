import { Link } from '@backstage/core-components';
import {
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
  makeStyles,
  Paper,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { ExecutionStatusChip } from '../shared/ExecutionStatusChip';
import { useDeployTabPaths } from '../shared/deployTabPaths';
import { useExecution } from '../ExecutionView/useExecution';
import type { TrackedTask } from './types';

const useStyles = makeStyles(theme => ({
  panel: {
    position: 'fixed',
    right: theme.spacing(2),
    bottom: theme.spacing(2),
    width: 'min(440px, calc(100vw - 32px))',
    maxHeight: '40vh',
    overflow: 'auto',
    zIndex: theme.zIndex.snackbar,
  },
  title: { padding: theme.spacing(1, 2, 0) },
  error: { color: theme.palette.error.main },
}));

/** One task: what was asked, its execution id, its live status and a link to it. */
const TaskRow = ({
  task,
  onDismiss,
}: {
  task: TrackedTask;
  onDismiss?: () => void;
}) => {
  const classes = useStyles();
  const paths = useDeployTabPaths();
  const { execution, error } = useExecution(task.executionId);
  const failure = execution?.stages.find(s => s.exception?.details)?.exception
    ?.details?.error;
  return (
    <ListItem
      aria-label={`Task ${task.description}`}
      data-testid={`task-${task.executionId}`}
    >
      <ListItemText
        primary={task.description}
        secondary={
          <>
            {execution ? (
              <ExecutionStatusChip status={execution.status} />
            ) : (
              'starting…'
            )}{' '}
            <Link to={paths.execution(task.executionId)}>
              {task.stageType} {task.executionId}
            </Link>
            {failure && <span className={classes.error}> · {failure}</span>}
            {error && !execution && (
              <span className={classes.error}> · {error.message}</span>
            )}
          </>
        }
        secondaryTypographyProps={{ component: 'div' }}
      />
      {onDismiss && (
        <ListItemSecondaryAction>
          <IconButton
            size="small"
            aria-label={`Dismiss ${task.description}`}
            onClick={onDismiss}
          >
            <CloseIcon fontSize="small" />
          </IconButton>
        </ListItemSecondaryAction>
      )}
    </ListItem>
  );
};

/** Tasks as a list, e.g. in the server group's drawer. */
export const TaskList = (props: {
  tasks: TrackedTask[];
  onDismiss?: (task: TrackedTask) => void;
}) => (
  <List dense aria-label="Tasks">
    {props.tasks.map(task => (
      <TaskRow
        key={task.executionId}
        task={task}
        onDismiss={props.onDismiss && (() => props.onDismiss!(task))}
      />
    ))}
  </List>
);

/** The tasks started from the clusters view, in a corner like a stack of snackbars. */
export const TrackedTasksPanel = (props: {
  tasks: TrackedTask[];
  onDismiss: (task: TrackedTask) => void;
}) => {
  const classes = useStyles();
  if (props.tasks.length === 0) return null;
  return (
    <Paper
      elevation={6}
      className={classes.panel}
      role="region"
      aria-label="Server group tasks"
    >
      <Typography variant="subtitle2" className={classes.title}>
        Tasks
      </Typography>
      <TaskList tasks={props.tasks} onDismiss={props.onDismiss} />
    </Paper>
  );
};
