import { useState } from 'react';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { useNavigate } from 'react-router-dom';
import { useRouteRef } from '@backstage/core-plugin-api';
import { createFromTemplateRouteRef } from '../../routes';
import {
  cdPipelineCreatePermission,
  cdPipelineExecutePermission,
  Execution,
  StoredPipeline,
} from '@internal/plugin-cd-common';
import { ImportDialog } from '../PipelineEditor';
import { useDeployTabPaths } from '../shared/deployTabPaths';
import { PermissionButton } from '../shared/PermissionButton';
import { useCdPermission } from '../shared/useCdPermission';
import { DeployDialog } from './DeployDialog';

/** The scaffolder template adding a delivery pipeline to a component (examples/template/add-pipeline). */
const PIPELINE_TEMPLATE = 'cd-add-pipeline';

/** The application's pipelines: deploy with one, edit, create or import. */
export const PipelinesTable = (props: {
  application: string;
  pipelines: StoredPipeline[];
  onChanged: () => void;
  /** The entity the tab belongs to, filled into the pipeline template's form. */
  entityRef?: string;
}) => {
  const templatePage = useRouteRef(createFromTemplateRouteRef);
  const paths = useDeployTabPaths();
  const navigate = useNavigate();
  const execute = useCdPermission(cdPipelineExecutePermission);
  const create = useCdPermission(cdPipelineCreatePermission);
  const [deploying, setDeploying] = useState<StoredPipeline | undefined>();
  const [importing, setImporting] = useState(false);

  const columns: TableColumn<StoredPipeline>[] = [
    {
      title: 'Name',
      render: p => <Link to={paths.pipeline(p.id)}>{p.name}</Link>,
    },
    { title: 'Stages', render: p => p.config.stages.length },
    { title: 'Version', field: 'version' },
    { title: 'Updated by', field: 'updatedBy' },
    {
      title: '',
      render: p => (
        <PermissionButton
          permission={execute}
          variant="contained"
          color="primary"
          size="small"
          disabled={Boolean(p.config.disabled)}
          onClick={() => setDeploying(p)}
          aria-label={`Deploy with ${p.name}`}
        >
          Deploy
        </PermissionButton>
      ),
    },
  ];

  return (
    <>
      <Box display="flex" style={{ gap: 8 }} mb={1}>
        <PermissionButton
          permission={create}
          size="small"
          variant="outlined"
          onClick={() => navigate(paths.newPipeline)}
        >
          New pipeline
        </PermissionButton>
        <PermissionButton
          permission={create}
          size="small"
          variant="outlined"
          onClick={() => setImporting(true)}
        >
          Import from Spinnaker
        </PermissionButton>
        {templatePage && (
          <PermissionButton
            permission={create}
            size="small"
            variant="outlined"
            onClick={() =>
              navigate(
                `${templatePage({
                  namespace: 'default',
                  templateName: PIPELINE_TEMPLATE,
                })}?formData=${encodeURIComponent(
                  JSON.stringify({ component: props.entityRef }),
                )}`,
              )
            }
          >
            From template
          </PermissionButton>
        )}
      </Box>
      <Table
        title="Pipelines"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={props.pipelines}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            No pipelines yet for {props.application}.
          </Typography>
        }
      />
      {deploying && (
        <DeployDialog
          pipeline={deploying}
          onClose={() => setDeploying(undefined)}
          onStarted={(execution: Execution) =>
            navigate(paths.execution(execution.id))
          }
        />
      )}
      {importing && (
        <ImportDialog
          application={props.application}
          onClose={() => setImporting(false)}
          onImported={props.onChanged}
        />
      )}
    </>
  );
};
