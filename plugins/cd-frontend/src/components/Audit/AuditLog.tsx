import { Fragment, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  CodeSnippet,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Box,
  Button,
  Collapse,
  IconButton,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { stringify } from 'yaml';
import { AUDIT_ACTIONS, AuditRecord } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';

export interface AuditLogProps {
  /** One application's records; with neither this nor entityRef, every record. */
  application?: string;
  entityRef?: string;
  pageSize?: number;
  title?: string;
}

const ACTOR_TYPING_PAUSE_MS = 400;

const AuditRow = ({ record }: { record: AuditRecord }) => {
  const [open, setOpen] = useState(false);
  const Arrow = open ? KeyboardArrowDownIcon : KeyboardArrowRightIcon;
  const hasDetails = Object.keys(record.details ?? {}).length > 0;
  return (
    <Fragment>
      <TableRow>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} details of ${
              record.action
            } on ${record.target}`}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            <Arrow fontSize="small" />
          </IconButton>
        </TableCell>
        <TableCell>
          <time dateTime={record.at}>
            {new Date(record.at).toLocaleString()}
          </time>
        </TableCell>
        <TableCell>{record.actor}</TableCell>
        <TableCell>{record.action}</TableCell>
        <TableCell>{record.target}</TableCell>
        <TableCell>{record.application}</TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={6} style={{ paddingTop: 0, paddingBottom: 0 }}>
          <Collapse in={open} timeout="auto" unmountOnExit>
            <Box py={1}>
              <Typography variant="body2" color="textSecondary">
                Record {record.id}
                {record.entityRef ? ` · entity ${record.entityRef}` : ''}
              </Typography>
              {hasDetails ? (
                <CodeSnippet text={stringify(record.details)} language="yaml" />
              ) : (
                <Typography variant="body2">No further details.</Typography>
              )}
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
};

/** Who changed what, and when, newest first: filterable by action and actor, paged by cursor. */
export const AuditLog = (props: AuditLogProps) => {
  const { application, entityRef, pageSize = 25 } = props;
  const cdApi = useApi(cdApiRef);
  const [action, setAction] = useState('');
  const [actorText, setActorText] = useState('');
  const [actor, setActor] = useState('');
  // cursors[i] opens page i; the backend only pages forward, so earlier cursors are kept.
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const page = cursors.length - 1;

  useDebounce(
    () => {
      if (actorText.trim() !== actor) {
        setActor(actorText.trim());
        setCursors([undefined]);
      }
    },
    ACTOR_TYPING_PAUSE_MS,
    [actorText],
  );

  const records = useAsync(
    () =>
      cdApi.listAudit({
        application,
        entityRef,
        action: action || undefined,
        actor: actor || undefined,
        limit: pageSize,
        cursor: cursors[page],
      }),
    [cdApi, application, entityRef, action, actor, pageSize, cursors, page],
  );

  const items = records.value?.items ?? [];
  const nextCursor = records.value?.nextCursor;
  return (
    <InfoCard title={props.title ?? 'Audit log'}>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
        <TextField
          select
          label="Action"
          value={action}
          onChange={e => {
            setAction(e.target.value);
            setCursors([undefined]);
          }}
          style={{ minWidth: 220 }}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Action filter' } as object,
          }}
        >
          <MenuItem value="">Any</MenuItem>
          {AUDIT_ACTIONS.map(a => (
            <MenuItem key={a} value={a}>
              {a}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Actor"
          placeholder="user:default/jane"
          value={actorText}
          onChange={e => setActorText(e.target.value)}
          inputProps={{ 'aria-label': 'Actor filter' }}
        />
      </Box>
      {records.error && <ResponseErrorPanel error={records.error} />}
      {records.loading && <Progress />}
      {!records.loading && !records.error && (
        <Table size="small" aria-label="Audit records">
          <TableHead>
            <TableRow>
              <TableCell />
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>What</TableCell>
              <TableCell>Target</TableCell>
              <TableCell>Application</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>No records match.</TableCell>
              </TableRow>
            )}
            {items.map(record => (
              <AuditRow key={record.id} record={record} />
            ))}
          </TableBody>
        </Table>
      )}
      <Box
        display="flex"
        alignItems="center"
        justifyContent="flex-end"
        mt={1}
        style={{ gap: 8 }}
      >
        <Typography variant="body2" aria-label="Audit page">
          Page {page + 1}
        </Typography>
        <Button
          size="small"
          disabled={page === 0 || records.loading}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </Button>
        <Button
          size="small"
          disabled={!nextCursor || records.loading}
          onClick={() => setCursors([...cursors, nextCursor])}
        >
          Older
        </Button>
      </Box>
    </InfoCard>
  );
};

/** The audit log of the entity whose page it is on. */
export const EntityAuditLog = (
  props: Omit<AuditLogProps, 'application' | 'entityRef'>,
) => {
  const { entity } = useEntity();
  return <AuditLog {...props} entityRef={stringifyEntityRef(entity)} />;
};
