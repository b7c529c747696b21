import { useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { StoredCanaryConfig } from '@internal/plugin-cd-common';
import { cdApiRef } from '../../api';
import { formatDocument, lineDiff } from '../PipelineEditor';
import { VersionDiff } from '../PipelineEditor/VersionDiff';
import { PermissionButton } from '../shared/PermissionButton';
import { useBusyAction } from '../shared/useBusyAction';
import type { CdPermission } from '../shared/useCdPermission';

/**
 * Every saved version, each comparable with the current one; restoring
 * saves the old configuration as a new version, so history stays whole.
 */
export const CanaryConfigVersions = (props: {
  current: StoredCanaryConfig;
  permission: CdPermission;
  onRestored: (saved: StoredCanaryConfig) => void;
}) => {
  const { current } = props;
  const cdApi = useApi(cdApiRef);
  const versions = useAsyncRetry(
    () => cdApi.listCanaryConfigVersions(current.id),
    [cdApi, current.id, current.version],
  );
  const [compared, setCompared] = useState<number | undefined>();
  const { busy, error, run } = useBusyAction();

  const list = [...(versions.value ?? [])].sort(
    (a, b) => b.version - a.version,
  );
  const old = list.find(v => v.version === compared);
  const diff = useMemo(
    () =>
      old
        ? lineDiff(
            formatDocument(old.config, 'yaml'),
            formatDocument(current.config, 'yaml'),
          )
        : [],
    [old, current.config],
  );

  const restore = (version: StoredCanaryConfig) =>
    run(async () => {
      props.onRestored(
        await cdApi.updateCanaryConfig(current.id, version.config, {
          expectedVersion: current.version,
        }),
      );
      setCompared(undefined);
    });

  if (versions.loading && !versions.value) return <Progress />;
  if (versions.error) return <ResponseErrorPanel error={versions.error} />;
  return (
    <InfoCard title="Version history">
      {error && <Alert severity="error">{error}</Alert>}
      <Table size="small" aria-label="Canary config versions">
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell>
            <TableCell>Saved by</TableCell>
            <TableCell>When</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {list.map(v => (
            <TableRow key={v.version} selected={v.version === compared}>
              <TableCell>{v.version}</TableCell>
              <TableCell>{v.updatedBy}</TableCell>
              <TableCell>{new Date(v.updatedAt).toLocaleString()}</TableCell>
              <TableCell>
                {v.version === current.version ? (
                  <Typography variant="caption">current</Typography>
                ) : (
                  <Box display="flex" style={{ gap: 4 }}>
                    <Button
                      size="small"
                      onClick={() => setCompared(v.version)}
                      aria-label={`Compare version ${v.version}`}
                    >
                      Compare
                    </Button>
                    <PermissionButton
                      permission={props.permission}
                      size="small"
                      disabled={busy}
                      onClick={() => restore(v)}
                      aria-label={`Restore version ${v.version}`}
                    >
                      Restore
                    </PermissionButton>
                  </Box>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {old && (
        <Box mt={2}>
          <Typography variant="subtitle2" gutterBottom>
            Version {old.version} → current (version {current.version})
          </Typography>
          <VersionDiff lines={diff} />
        </Box>
      )}
    </InfoCard>
  );
};
