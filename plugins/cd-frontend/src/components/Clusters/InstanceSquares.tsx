import { memo, MouseEvent } from 'react';
import { makeStyles } from '@material-ui/core';
import type { InstanceSummary } from '@internal/plugin-cd-common';
import { HEALTH_COLORS } from './health';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: 3 },
  square: {
    width: 12,
    height: 12,
    borderRadius: 2,
    border: 0,
    padding: 0,
    cursor: 'pointer',
  },
  up: { backgroundColor: HEALTH_COLORS.up },
  down: { backgroundColor: HEALTH_COLORS.down },
  starting: { backgroundColor: HEALTH_COLORS.starting },
  unknown: { backgroundColor: HEALTH_COLORS.unknown },
});

export function instanceTitle(instance: InstanceSummary): string {
  const reason = instance.healthReason ? ` (${instance.healthReason})` : '';
  return `${instance.name}: ${instance.health}${reason}`;
}

/**
 * One 12px square per pod, coloured by health. Bare buttons with a title
 * (the browser's tooltip) sharing one click handler keep a 100 × 20
 * application cheap to render. They are out of the tab order so 2000 pods
 * are not 2000 tab stops: the server group's link reaches them by keyboard.
 */
export const InstanceSquares = memo(
  (props: {
    instances: InstanceSummary[];
    onSelect: (pod: string) => void;
  }) => {
    const classes = useStyles();
    const { onSelect } = props;
    const onClick = (event: MouseEvent<HTMLButtonElement>) => {
      const pod = event.currentTarget.dataset.pod;
      if (pod) onSelect(pod);
    };
    return (
      <div className={classes.row}>
        {props.instances.map(instance => (
          <button
            type="button"
            tabIndex={-1}
            key={instance.name}
            onClick={onClick}
            data-pod={instance.name}
            data-health={instance.health}
            title={instanceTitle(instance)}
            aria-label={instanceTitle(instance)}
            className={`${classes.square} ${classes[instance.health]}`}
          />
        ))}
      </div>
    );
  },
);
