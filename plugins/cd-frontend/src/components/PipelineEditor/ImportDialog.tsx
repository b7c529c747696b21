import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Alert } from '@material-ui/lab';
import { cdApiRef, ImportResult } from '../../api';
import { IssueList } from '../shared/IssueList';
import { PasteImportDialog } from '../shared/PasteImportDialog';

/** Paste Spinnaker pipeline JSON (one pipeline or an array); the backend converts and stores it. */
export const ImportDialog = (props: {
  application: string;
  onClose: () => void;
  onImported: (result: ImportResult) => void;
}) => {
  const cdApi = useApi(cdApiRef);
  const [result, setResult] = useState<ImportResult | undefined>();

  const importPipelines = async (json: string) => {
    const imported = await cdApi.importSpinnakerPipelines(
      props.application,
      json,
    );
    setResult(imported);
    props.onImported(imported);
  };

  return (
    <PasteImportDialog
      title="Import from Spinnaker"
      description={
        <>
          Paste a pipeline exported from Spinnaker (Deck&apos;s &quot;Edit as
          JSON&quot;, or Front50&apos;s JSON). A pipeline with the same name is
          updated.
        </>
      }
      fieldId="spinnaker-json"
      fieldLabel="Spinnaker pipeline JSON"
      onImport={importPipelines}
      onClose={props.onClose}
      outcome={
        result && (
          <>
            <Alert severity="success">
              {result.items
                .map(
                  i =>
                    `${i.created ? 'Created' : 'Updated'} ${i.pipeline.name}`,
                )
                .join('; ')}
            </Alert>
            <IssueList
              issues={result.warnings}
              title="Changed on the way in"
              severity="warning"
            />
          </>
        )
      }
    />
  );
};
