import { memo } from 'react';
import { IconButton, Link, makeStyles, Typography } from '@material-ui/core';
import MoreVertIcon from '@material-ui/icons/MoreVert';
import type { ServerGroupSummary } from '@internal/plugin-cd-common';
import type { ServerGroupRef } from '../ServerGroupDrawer';
import type { CdPermission } from '../shared/useCdPermission';
import { HEALTH_COLORS } from './health';
import { InstanceSquares } from './InstanceSquares';
import { relativeTime } from './format';

const useStyles = makeStyles(theme => ({
  card: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    padding: theme.spacing(1),
    minWidth: 260,
    maxWidth: 420,
    flex: '1 1 260px',
  },
  disabled: { opacity: 0.6, borderStyle: 'dashed' },
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    marginBottom: 4,
  },
  muted: { color: theme.palette.text.secondary },
  images: { wordBreak: 'break-all' },
  spacer: { flex: 1 },
  menuButton: { padding: 2 },
}));

/** Opens the actions menu of a server group at the clicked button. */
export type OpenActions = (
  serverGroup: ServerGroupSummary,
  anchor: HTMLElement,
) => void;

const HEALTH_ORDER = ['up', 'down', 'starting', 'unknown'] as const;

/** Non-zero health counts, e.g. `3 up · 1 down`. */
export function healthSummary(health: ServerGroupSummary['health']): string {
  return HEALTH_ORDER.filter(h => health[h] > 0)
    .map(h => `${health[h]} ${h}`)
    .join(' · ');
}

export function refOf(sg: ServerGroupSummary): ServerGroupRef {
  return {
    account: sg.account,
    namespace: sg.namespace,
    kind: sg.kind,
    name: sg.name,
  };
}

/** One server group, compact: what runs, how ready, whether it takes traffic, and its pods. */
export const ServerGroupCard = memo(
  (props: {
    serverGroup: ServerGroupSummary;
    onOpen: (ref: ServerGroupRef, pod?: string) => void;
    onActions: OpenActions;
    /** cd.serverGroup.manage on the entity. */
    permission: CdPermission;
  }) => {
    const { serverGroup: sg, onOpen, permission } = props;
    const classes = useStyles();
    const counts = healthSummary(sg.health);
    const traffic = sg.traffic.enabled
      ? `traffic enabled${
          sg.traffic.loadBalancers.length
            ? ` (${sg.traffic.loadBalancers.join(', ')})`
            : ''
        }`
      : 'traffic disabled';
    return (
      <div
        className={`${classes.card} ${
          sg.traffic.enabled ? '' : classes.disabled
        }`}
        data-testid={`server-group-${sg.name}`}
      >
        <div className={classes.line}>
          <Link
            component="button"
            variant="subtitle2"
            onClick={() => onOpen(refOf(sg))}
            aria-label={`Open ${sg.kind} ${sg.name}`}
          >
            {sg.name}
          </Link>
          {sg.version && (
            <Typography variant="caption">{sg.version}</Typography>
          )}
          <Typography variant="caption" className={classes.muted}>
            {sg.kind}
          </Typography>
          <span className={classes.spacer} />
          {/* A native title, not a Tooltip: a hundred cards stay cheap. A disabled button fires no events, so the span carries it. */}
          <span title={permission.reason ?? `Actions for ${sg.name}`}>
            <IconButton
              className={classes.menuButton}
              size="small"
              aria-label={`Actions for ${sg.name}`}
              disabled={!permission.allowed}
              onClick={e => props.onActions(sg, e.currentTarget)}
            >
              <MoreVertIcon fontSize="small" />
            </IconButton>
          </span>
        </div>
        <div className={classes.line}>
          <Typography variant="caption">
            {sg.replicas.ready}/{sg.replicas.desired} ready
          </Typography>
          {counts && (
            <Typography variant="caption" className={classes.muted}>
              {counts}
            </Typography>
          )}
          <Typography
            variant="caption"
            style={{
              color: sg.traffic.enabled ? HEALTH_COLORS.up : undefined,
            }}
          >
            {traffic}
          </Typography>
          <Typography variant="caption" className={classes.muted}>
            created {relativeTime(sg.createdAt)}
          </Typography>
        </div>
        {sg.manager && (
          <Typography
            variant="caption"
            component="div"
            className={classes.muted}
          >
            {sg.manager.kind} {sg.manager.name}
            {sg.revision !== undefined && ` revision ${sg.revision}`}
            {sg.manager.current && ' (current)'}
          </Typography>
        )}
        <Typography
          variant="caption"
          component="div"
          className={`${classes.muted} ${classes.images}`}
        >
          {sg.images.join(', ')}
        </Typography>
        <InstanceSquares
          instances={sg.instances}
          onSelect={pod => onOpen(refOf(sg), pod)}
        />
      </div>
    );
  },
);
