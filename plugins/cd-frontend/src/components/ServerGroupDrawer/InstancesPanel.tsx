import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  makeStyles,
} from '@material-ui/core';
import type { InstanceSummary } from '@internal/plugin-cd-common';
import { HEALTH_COLORS } from '../Clusters/health';
import { InstanceLogs } from './InstanceLogs';

const useStyles = makeStyles({
  square: { width: 12, height: 12, borderRadius: 2 },
  list: { maxHeight: 280, overflow: 'auto' },
});

function containersText(instance: InstanceSummary): string {
  return instance.containers
    .map(
      c =>
        `${c.name} ${c.image}: ${c.state}${c.reason ? ` (${c.reason})` : ''}${
          c.ready ? ', ready' : ''
        }${c.restartCount ? `, ${c.restartCount} restarts` : ''}`,
    )
    .join('; ');
}

/** The server group's pods; selecting one shows its log below the list. */
export const InstancesPanel = (props: {
  application: string;
  instances: InstanceSummary[];
  selected?: string;
  onSelect: (pod: string) => void;
}) => {
  const classes = useStyles();
  const selected = props.instances.find(i => i.name === props.selected);
  return (
    <>
      <List dense className={classes.list} aria-label="Instances">
        {props.instances.map(instance => (
          <ListItem
            key={instance.name}
            button
            selected={instance.name === props.selected}
            onClick={() => props.onSelect(instance.name)}
          >
            <ListItemIcon>
              <div
                className={classes.square}
                style={{ backgroundColor: HEALTH_COLORS[instance.health] }}
              />
            </ListItemIcon>
            <ListItemText
              primary={`${instance.name}: ${instance.health}${
                instance.healthReason ? ` (${instance.healthReason})` : ''
              }`}
              secondary={containersText(instance)}
            />
          </ListItem>
        ))}
      </List>
      {props.instances.length === 0 && 'No instances.'}
      {selected && (
        <InstanceLogs
          key={selected.name}
          application={props.application}
          instance={selected}
        />
      )}
    </>
  );
};
