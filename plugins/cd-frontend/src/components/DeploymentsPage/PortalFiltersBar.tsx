import { Box, MenuItem, TextField } from '@material-ui/core';
import type { StatusFilter } from '../Clusters/filterClusters';
import type { PortalFilters } from './portalFilters';

const HEALTH_LABELS: Record<StatusFilter, string> = {
  all: 'Any',
  healthy: 'Healthy',
  unhealthy: 'Unhealthy',
  disabled: 'Traffic disabled',
};

const Select = (props: {
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange: (value: string) => void;
}) => (
  <TextField
    select
    label={props.label}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    style={{ minWidth: 160 }}
    SelectProps={{
      SelectDisplayProps: {
        'aria-label': `${props.label} filter`,
      } as object,
    }}
  >
    {props.options.map(([value, label]) => (
      <MenuItem key={value} value={value}>
        {label}
      </MenuItem>
    ))}
  </TextField>
);

const withAny = (values: string[]): Array<[string, string]> => [
  ['', 'Any'],
  ...values.map(v => [v, v] as [string, string]),
];

/** Owner, system, account, health and text: the page's filters. */
export const PortalFiltersBar = (props: {
  filters: PortalFilters;
  options: { owners: string[]; systems: string[]; accounts: string[] };
  onChange: (filters: PortalFilters) => void;
}) => {
  const { filters, options } = props;
  const set = (patch: Partial<PortalFilters>) =>
    props.onChange({ ...filters, ...patch });
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
      <Select
        label="Owner"
        value={filters.owner}
        options={withAny(options.owners)}
        onChange={owner => set({ owner })}
      />
      <Select
        label="System"
        value={filters.system}
        options={withAny(options.systems)}
        onChange={system => set({ system })}
      />
      <Select
        label="Account"
        value={filters.account}
        options={withAny(options.accounts)}
        onChange={account => set({ account })}
      />
      <Select
        label="Health"
        value={filters.health}
        options={Object.entries(HEALTH_LABELS)}
        onChange={health => set({ health: health as StatusFilter })}
      />
      <TextField
        label="Search"
        value={filters.text}
        onChange={e => set({ text: e.target.value })}
        inputProps={{ 'aria-label': 'Search deployments' }}
      />
    </Box>
  );
};
