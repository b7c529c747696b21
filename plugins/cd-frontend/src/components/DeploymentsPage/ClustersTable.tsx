import { Link, Table, TableColumn } from '@backstage/core-components';
import { Box, Chip, Tooltip, Typography } from '@material-ui/core';
import type {
  InstanceHealth,
  ServerGroupSummary,
} from '@internal/plugin-cd-common';
import { HEALTH_COLORS } from '../Clusters/health';
import { isHealthy } from '../Clusters/health';
import type { ClusterRow } from './portalFilters';

const HEALTHS: InstanceHealth[] = ['up', 'starting', 'down', 'unknown'];

const ServerGroupChip = ({ sg }: { sg: ServerGroupSummary }) => {
  const color = isHealthy(sg) ? HEALTH_COLORS.up : HEALTH_COLORS.down;
  const label = `${sg.version ?? sg.name} ${sg.replicas.ready}/${
    sg.replicas.desired
  }`;
  return (
    <Tooltip
      title={`${sg.kind} ${sg.name} in ${sg.namespace}: ${sg.images.join(
        ', ',
      )}; traffic ${sg.traffic.enabled ? 'enabled' : 'disabled'}`}
    >
      <Chip
        size="small"
        label={label}
        variant={sg.traffic.enabled ? 'default' : 'outlined'}
        style={
          sg.traffic.enabled
            ? { backgroundColor: color, color: '#ffffff' }
            : { borderColor: color, color }
        }
      />
    </Tooltip>
  );
};

/** Instance counts by health: a coloured dot per state present. */
const HealthCounts = ({ row }: { row: ClusterRow }) => {
  const totals = Object.fromEntries(HEALTHS.map(h => [h, 0])) as Record<
    InstanceHealth,
    number
  >;
  for (const sg of row.cluster.serverGroups)
    for (const h of HEALTHS) totals[h] += sg.health[h];
  const present = HEALTHS.filter(h => totals[h] > 0);
  if (present.length === 0)
    return (
      <Typography variant="body2" color="textSecondary">
        no instances
      </Typography>
    );
  return (
    <Box display="flex" style={{ gap: 8 }}>
      {present.map(h => (
        <Box key={h} display="flex" alignItems="center" style={{ gap: 4 }}>
          <span
            style={{
              width: 10,
              height: 10,
              borderRadius: 2,
              display: 'inline-block',
              backgroundColor: HEALTH_COLORS[h],
            }}
          />
          <Typography variant="body2">
            {totals[h]} {h}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};

const columns: TableColumn<ClusterRow>[] = [
  {
    title: 'Application',
    render: r => <Link to={r.app.deployTab}>{r.app.application}</Link>,
  },
  { title: 'Owner', render: r => r.app.owner || '—' },
  { title: 'System', render: r => r.app.system || '—' },
  { title: 'Account', field: 'account' },
  { title: 'Cluster', render: r => r.cluster.name },
  {
    title: 'Server groups',
    render: r => (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {r.cluster.serverGroups.map(sg => (
          <ServerGroupChip key={sg.uid || sg.name} sg={sg} />
        ))}
      </Box>
    ),
  },
  { title: 'Instances', render: r => <HealthCounts row={r} /> },
];

/** Every application's clusters in one table, each linking to its Deploy tab. */
export const ClustersTable = ({ rows }: { rows: ClusterRow[] }) => (
  <Table
    title={`Clusters (${rows.length})`}
    options={{ paging: true, pageSize: 20, search: false, padding: 'dense' }}
    columns={columns}
    data={rows}
  />
);
