import { useApi } from '@backstage/core-plugin-api';
import type {
  CanaryConfig,
  StoredCanaryConfig,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage } from '../../api';
import { PasteImportDialog } from '../shared/PasteImportDialog';
import { lineOfIssue } from './canaryConfigText';

/** Paste a canary config exported from Kayenta (or Deck's canary config JSON); it is stored as it is. */
export const KayentaImportDialog = (props: {
  application: string;
  onClose: () => void;
  onImported: (saved: StoredCanaryConfig) => void;
}) => {
  const cdApi = useApi(cdApiRef);

  const importConfig = async (json: string) => {
    let config: CanaryConfig;
    try {
      config = JSON.parse(json);
    } catch (e) {
      throw new Error(`Not valid JSON: ${errorMessage(e)}`);
    }
    props.onImported(await cdApi.createCanaryConfig(props.application, config));
  };

  return (
    <PasteImportDialog
      title="Import from Kayenta"
      description={
        <>
          Paste a canary configuration as Kayenta stores it (its metrics,
          classifier and judge). It becomes a new configuration of{' '}
          {props.application}.
        </>
      }
      fieldId="kayenta-json"
      fieldLabel="Kayenta canary config JSON"
      onImport={importConfig}
      lineOf={lineOfIssue}
      onClose={props.onClose}
    />
  );
};
