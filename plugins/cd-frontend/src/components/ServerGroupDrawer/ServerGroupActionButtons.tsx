import { Box } from '@material-ui/core';
import type {
  ClusterSummary,
  ServerGroupAction,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import { PermissionButton } from '../shared/PermissionButton';
import type { CdPermission } from '../shared/useCdPermission';
import { ACTION_LABELS, availableActions } from './serverGroupActions';

/** The server group's actions as buttons, each disabled with the reason when the user may not manage it. */
export const ServerGroupActionButtons = (props: {
  serverGroup: ServerGroupSummary;
  cluster?: ClusterSummary;
  permission: CdPermission;
  onAction: (action: ServerGroupAction) => void;
}) => (
  <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} my={1}>
    {availableActions(props.serverGroup, props.cluster).map(action => (
      <PermissionButton
        key={action}
        permission={props.permission}
        size="small"
        variant="outlined"
        color={action === 'delete' ? 'secondary' : 'default'}
        onClick={() => props.onAction(action)}
      >
        {ACTION_LABELS[action]}
      </PermissionButton>
    ))}
  </Box>
);
