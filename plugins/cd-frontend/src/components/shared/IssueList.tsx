import { List, ListItem, ListItemText } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { ValidationIssue } from '@internal/plugin-cd-common';

/** Validation issues, each with its field path and, when known, its line in the text. */
export const IssueList = ({
  issues,
  lineOf,
  title,
  severity = 'error',
}: {
  issues: ValidationIssue[];
  lineOf?: (path: string) => number | undefined;
  title?: string;
  severity?: 'error' | 'warning';
}) => {
  if (issues.length === 0) return null;
  return (
    <Alert severity={severity}>
      {title ?? `${issues.length} problem${issues.length === 1 ? '' : 's'}`}
      <List dense disablePadding>
        {issues.map((issue, i) => {
          const line = lineOf?.(issue.path);
          const where = [
            issue.path || '(document)',
            line ? `line ${line}` : undefined,
          ]
            .filter(Boolean)
            .join(' · ');
          return (
            <ListItem key={`${issue.path}-${i}`} disableGutters>
              <ListItemText primary={issue.message} secondary={where} />
            </ListItem>
          );
        })}
      </List>
    </Alert>
  );
};
