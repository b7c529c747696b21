import { Box, Button } from '@material-ui/core';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { useSearchParams } from 'react-router-dom';
import { cdCanaryConfigManagePermission } from '@internal/plugin-cd-common';
import { useCdPermission } from '../shared/useCdPermission';
import { CanaryConfigEditor } from './CanaryConfigEditor';
import { CanaryConfigList } from './CanaryConfigList';

/** The search parameter naming the open config (`new` for a new one), so it can be linked to. */
export const CANARY_CONFIG_PARAM = 'canaryConfig';

/**
 * An application's canary configs: the list, and one open in the editor.
 * Changes need cd.canaryConfig.manage on the page's entity.
 */
export const CanaryConfigs = ({ application }: { application: string }) => {
  const permission = useCdPermission(cdCanaryConfigManagePermission);
  const [params, setParams] = useSearchParams();
  const open = params.get(CANARY_CONFIG_PARAM);
  const select = (id: string | undefined, replace = false) =>
    setParams(
      previous => {
        const next = new URLSearchParams(previous);
        if (id) next.set(CANARY_CONFIG_PARAM, id);
        else next.delete(CANARY_CONFIG_PARAM);
        return next;
      },
      { replace },
    );

  if (!open)
    return (
      <CanaryConfigList
        application={application}
        permission={permission}
        onOpen={id => select(id)}
        onCreate={() => select('new')}
      />
    );
  return (
    <>
      <Box mb={1}>
        <Button startIcon={<ArrowBackIcon />} onClick={() => select(undefined)}>
          All canary configs
        </Button>
      </Box>
      <CanaryConfigEditor
        key={open}
        application={application}
        configId={open === 'new' ? undefined : open}
        permission={permission}
        onSaved={(saved, created) => created && select(saved.id, true)}
        onDeleted={() => select(undefined)}
      />
    </>
  );
};
