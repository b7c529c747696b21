import { Chip } from '@material-ui/core';

/** A small chip in a status colour, white text. */
export const ColoredChip = ({
  label,
  color,
  outlined,
}: {
  label: string;
  color: string;
  outlined?: boolean;
}) => (
  <Chip
    size="small"
    label={label}
    variant={outlined ? 'outlined' : 'default'}
    style={
      outlined
        ? { borderColor: color, color }
        : { backgroundColor: color, color: '#ffffff' }
    }
  />
);
