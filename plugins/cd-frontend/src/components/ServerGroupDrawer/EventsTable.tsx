import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { KubernetesEventSummary } from '@internal/plugin-cd-common';
import { relativeTime } from '../Clusters/format';

/** The server group's and its pods' recent events, newest first as the backend sends them. */
export const EventsTable = ({
  events,
}: {
  events: KubernetesEventSummary[];
}) => {
  if (events.length === 0) {
    return <Typography variant="body2">No recent events.</Typography>;
  }
  return (
    <Table size="small" aria-label="Events">
      <TableHead>
        <TableRow>
          <TableCell>Type</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Object</TableCell>
          <TableCell>Message</TableCell>
          <TableCell align="right">Count</TableCell>
          <TableCell>Last seen</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {events.map((event, index) => (
          <TableRow key={index}>
            <TableCell>{event.type ?? '—'}</TableCell>
            <TableCell>{event.reason ?? '—'}</TableCell>
            <TableCell>
              {[event.involvedObject.kind, event.involvedObject.name]
                .filter(Boolean)
                .join(' ')}
            </TableCell>
            <TableCell>{event.message ?? ''}</TableCell>
            <TableCell align="right">{event.count}</TableCell>
            <TableCell>
              {relativeTime(event.lastTimestamp ?? event.firstTimestamp)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
