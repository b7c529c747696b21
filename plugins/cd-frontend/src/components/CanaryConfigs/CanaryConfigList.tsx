import { useState } from 'react';
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
import { PermissionButton } from '../shared/PermissionButton';
import type { CdPermission } from '../shared/useCdPermission';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { useBusyAction } from '../shared/useBusyAction';
import { KayentaImportDialog } from './KayentaImportDialog';

/** The application's canary configs (latest version of each), with create, import and delete. */
export const CanaryConfigList = (props: {
  application: string;
  permission: CdPermission;
  onOpen: (id: string) => void;
  onCreate: () => void;
}) => {
  const { application, permission } = props;
  const cdApi = useApi(cdApiRef);
  const configs = useAsyncRetry(
    () => cdApi.listCanaryConfigs(application),
    [cdApi, application],
  );
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<StoredCanaryConfig | undefined>();
  const { busy, error, run } = useBusyAction();

  const remove = (config: StoredCanaryConfig) =>
    run(async () => {
      try {
        await cdApi.deleteCanaryConfig(config.id);
        configs.retry();
      } finally {
        setDeleting(undefined);
      }
    });

  const list = [...(configs.value ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return (
    <InfoCard
      title="Canary configs"
      subheader={`Metrics and thresholds the canary stages of ${application} judge by`}
    >
      <Box display="flex" style={{ gap: 8 }} mb={2}>
        <PermissionButton
          permission={permission}
          variant="contained"
          color="primary"
          onClick={props.onCreate}
        >
          New canary config
        </PermissionButton>
        <PermissionButton
          permission={permission}
          onClick={() => setImporting(true)}
        >
          Import from Kayenta
        </PermissionButton>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      {configs.loading && !configs.value && <Progress />}
      {configs.error && <ResponseErrorPanel error={configs.error} />}
      {configs.value && (
        <Table size="small" aria-label="Canary configs">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Metrics</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Saved by</TableCell>
              <TableCell>When</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {list.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>
                  <Typography variant="body2">
                    No canary configs yet: create one or import one from
                    Kayenta.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {list.map(config => (
              <TableRow key={config.id}>
                <TableCell>
                  <Button
                    color="primary"
                    onClick={() => props.onOpen(config.id)}
                  >
                    {config.name}
                  </Button>
                </TableCell>
                <TableCell>{config.config.metrics?.length ?? 0}</TableCell>
                <TableCell>{config.version}</TableCell>
                <TableCell>{config.updatedBy}</TableCell>
                <TableCell>
                  {new Date(config.updatedAt).toLocaleString()}
                </TableCell>
                <TableCell>
                  <PermissionButton
                    permission={permission}
                    size="small"
                    disabled={busy}
                    aria-label={`Delete ${config.name}`}
                    onClick={() => setDeleting(config)}
                  >
                    Delete
                  </PermissionButton>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {importing && (
        <KayentaImportDialog
          application={application}
          onClose={() => setImporting(false)}
          onImported={saved => {
            setImporting(false);
            props.onOpen(saved.id);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          busy={busy}
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(undefined)}
        >
          Every version of this canary config is deleted. Pipelines that name it
          will fail their canary stage.
        </ConfirmDialog>
      )}
    </InfoCard>
  );
};
