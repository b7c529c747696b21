import { makeStyles, TextField } from '@material-ui/core';
import type { ClusterFilters, StatusFilter } from './filterClusters';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  field: { minWidth: 180 },
}));

const STATUSES: StatusFilter[] = ['all', 'healthy', 'unhealthy', 'disabled'];

/** Account, status and text filters; native selects keep them light and keyboard-friendly. */
export const ClusterFiltersBar = (props: {
  accounts: string[];
  filters: ClusterFilters;
  onChange: (filters: ClusterFilters) => void;
}) => {
  const classes = useStyles();
  const { filters, onChange } = props;
  return (
    <div className={classes.bar}>
      <TextField
        select
        label="Account"
        id="clusters-account"
        className={classes.field}
        value={filters.account}
        onChange={e => onChange({ ...filters, account: e.target.value })}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        size="small"
      >
        <option value="">All accounts</option>
        {props.accounts.map(a => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </TextField>
      <TextField
        select
        label="Status"
        id="clusters-status"
        className={classes.field}
        value={filters.status}
        onChange={e =>
          onChange({ ...filters, status: e.target.value as StatusFilter })
        }
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        size="small"
      >
        {STATUSES.map(s => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </TextField>
      <TextField
        label="Filter"
        id="clusters-text"
        placeholder="cluster, server group or image"
        className={classes.field}
        value={filters.text}
        onChange={e => onChange({ ...filters, text: e.target.value })}
        size="small"
      />
    </div>
  );
};
