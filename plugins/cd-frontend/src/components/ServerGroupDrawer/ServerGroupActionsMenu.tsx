import { Menu, MenuItem } from '@material-ui/core';
import type {
  ClusterSummary,
  ServerGroupAction,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import { ACTION_LABELS, availableActions } from './serverGroupActions';

/** One menu for every server group card: opened at the card's actions button. */
export const ServerGroupActionsMenu = (props: {
  anchor: HTMLElement;
  serverGroup: ServerGroupSummary;
  cluster?: ClusterSummary;
  onAction: (action: ServerGroupAction) => void;
  onClose: () => void;
}) => (
  <Menu
    open
    anchorEl={props.anchor}
    onClose={props.onClose}
    aria-label={`Actions for ${props.serverGroup.name}`}
  >
    {availableActions(props.serverGroup, props.cluster).map(action => (
      <MenuItem key={action} onClick={() => props.onAction(action)}>
        {ACTION_LABELS[action]}
      </MenuItem>
    ))}
  </Menu>
);
