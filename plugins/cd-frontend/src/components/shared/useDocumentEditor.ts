import { useCallback, useEffect, useRef, useState } from 'react';
import type { ValidationIssue } from '@internal/plugin-cd-common';
import { errorMessage, isConflict, issuesOf } from '../../api';
import {
  formatDocument,
  parseText,
  TextFormat,
} from '../PipelineEditor/documentText';

/** What the editor tells the user after an action. */
export type DocumentFeedback =
  | { kind: 'valid' }
  | { kind: 'saved'; version: number }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; message: string };

/** The parts of `useAsyncRetry`'s state the editor follows. */
export type LoadedDocument<T> = {
  loading: boolean;
  error?: unknown;
  value?: T;
};

/**
 * State shared by the YAML/JSON document editors (pipelines, canary
 * configs): the stored item, its text in the chosen format, validation
 * issues, feedback, and `act`, which runs a backend call and turns its
 * failure into issues, a conflict (409) or an error.
 */
export function useDocumentEditor<T extends { config: unknown }>(options: {
  loaded: LoadedDocument<T>;
  /** The document shown when there is nothing stored yet. */
  blank: () => unknown;
}) {
  const { loaded, blank } = options;
  const [stored, setStored] = useState<T | undefined>();
  const [format, setFormat] = useState<TextFormat>('yaml');
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [feedback, setFeedback] = useState<DocumentFeedback | undefined>();
  const [busy, setBusy] = useState(false);
  // Read by `show` so that loading or restoring keeps the format the user picked.
  const formatRef = useRef(format);
  formatRef.current = format;

  const show = useCallback(
    (item: T | undefined) => {
      setStored(item);
      setText(formatDocument(item ? item.config : blank(), formatRef.current));
      setIssues([]);
    },
    [blank],
  );
  useEffect(() => {
    if (!loaded.loading && !loaded.error) show(loaded.value);
  }, [loaded.loading, loaded.error, loaded.value, show]);

  const switchFormat = (next: TextFormat | null) => {
    if (!next || next === format) return;
    try {
      setText(formatDocument(parseText(text), next));
      setFormat(next);
      setFeedback(undefined);
    } catch (e) {
      setFeedback({
        kind: 'error',
        message: `Fix the document before converting it: ${errorMessage(e)}`,
      });
    }
  };

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setFeedback(undefined);
    setIssues([]);
    try {
      await action();
    } catch (e) {
      const found = issuesOf(e);
      if (found.length > 0) setIssues(found);
      else if (isConflict(e))
        setFeedback({ kind: 'conflict', message: errorMessage(e) });
      else setFeedback({ kind: 'error', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return {
    stored,
    setStored,
    format,
    text,
    setText,
    issues,
    setIssues,
    feedback,
    setFeedback,
    busy,
    show,
    switchFormat,
    act,
  };
}
