import { useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Box,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  cdPipelineUpdatePermission,
  PipelineVersion,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage } from '../../api';
import { PermissionButton } from '../shared/PermissionButton';
import { useCdPermission } from '../shared/useCdPermission';
import { formatDocument } from './documentText';
import { lineDiff } from './lineDiff';
import { VersionDiff } from './VersionDiff';

const VersionSelect = (props: {
  label: string;
  versions: PipelineVersion[];
  value: number;
  onChange: (version: number) => void;
}) => (
  <TextField
    select
    label={props.label}
    value={props.value}
    onChange={e => props.onChange(Number(e.target.value))}
    SelectProps={{
      SelectDisplayProps: { 'aria-label': props.label } as object,
    }}
    style={{ minWidth: 140 }}
  >
    {props.versions.map(v => (
      <MenuItem key={v.version} value={v.version}>
        Version {v.version}
      </MenuItem>
    ))}
  </TextField>
);

/** Every saved version of a pipeline, a diff between any two, and restore. */
export const VersionHistory = (props: {
  pipeline: StoredPipeline;
  onRestored: (pipeline: StoredPipeline) => void;
}) => {
  const { pipeline } = props;
  const cdApi = useApi(cdApiRef);
  const permission = useCdPermission(cdPipelineUpdatePermission);
  const versions = useAsyncRetry(
    async () =>
      [...(await cdApi.listPipelineVersions(pipeline.id))].sort(
        (a, b) => b.version - a.version,
      ),
    [cdApi, pipeline.id, pipeline.version],
  );
  const [from, setFrom] = useState<number | undefined>();
  const [to, setTo] = useState<number | undefined>();
  const [error, setError] = useState<string | undefined>();

  const list = versions.value ?? [];
  const toVersion = list.find(v => v.version === to) ?? list[0];
  const fromVersion = list.find(v => v.version === from) ?? list[1] ?? list[0];
  const diff = useMemo(
    () =>
      fromVersion && toVersion
        ? lineDiff(
            formatDocument(fromVersion.config, 'yaml'),
            formatDocument(toVersion.config, 'yaml'),
          )
        : [],
    [fromVersion, toVersion],
  );

  const restore = async (version: number) => {
    setError(undefined);
    try {
      props.onRestored(
        await cdApi.restorePipelineVersion(pipeline.id, version),
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (versions.loading && !versions.value) return <Progress />;
  if (versions.error) return <ResponseErrorPanel error={versions.error} />;
  return (
    <InfoCard title="Version history">
      {error && <Alert severity="error">{error}</Alert>}
      <Table size="small" aria-label="Versions">
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell>
            <TableCell>Changed by</TableCell>
            <TableCell>When</TableCell>
            <TableCell>Comment</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {list.map(v => (
            <TableRow key={v.version}>
              <TableCell>{v.version}</TableCell>
              <TableCell>{v.changedBy}</TableCell>
              <TableCell>{new Date(v.changedAt).toLocaleString()}</TableCell>
              <TableCell>{v.comment ?? ''}</TableCell>
              <TableCell>
                {v.version !== pipeline.version && (
                  <PermissionButton
                    permission={permission}
                    size="small"
                    onClick={() => restore(v.version)}
                    aria-label={`Restore version ${v.version}`}
                  >
                    Restore
                  </PermissionButton>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {list.length > 1 && fromVersion && toVersion && (
        <Box mt={2}>
          <Box display="flex" style={{ gap: 16 }} mb={1}>
            <VersionSelect
              label="Compare"
              versions={list}
              value={fromVersion.version}
              onChange={setFrom}
            />
            <VersionSelect
              label="With"
              versions={list}
              value={toVersion.version}
              onChange={setTo}
            />
          </Box>
          <VersionDiff lines={diff} />
        </Box>
      )}
    </InfoCard>
  );
};
