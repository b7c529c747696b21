import { Box, Chip, makeStyles, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { ManifestDiff, PipelineDiff } from '@internal/plugin-cd-common';

const useStyles = makeStyles(theme => ({
  manifest: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    marginBottom: theme.spacing(1.5),
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.75, 1),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  name: { fontWeight: 600 },
  muted: { color: theme.palette.text.secondary },
  diff: {
    margin: 0,
    padding: theme.spacing(0.5, 0),
    maxHeight: 320,
    overflow: 'auto',
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    lineHeight: 1.45,
  },
  line: { padding: theme.spacing(0, 1), whiteSpace: 'pre' },
  add: { backgroundColor: 'rgba(46, 125, 50, 0.16)', color: '#1b5e20' },
  remove: { backgroundColor: 'rgba(198, 40, 40, 0.14)', color: '#b71c1c' },
  hunk: { color: '#1565c0' },
  meta: { color: theme.palette.text.secondary },
}));

type LineKind = 'add' | 'remove' | 'hunk' | 'meta' | 'context';

/** How a unified diff line reads: file headers before additions, so `+++` is not an addition. */
export function lineKind(line: string): LineKind {
  if (line.startsWith('+++') || line.startsWith('---')) return 'meta';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'remove';
  return 'context';
}

const ACTION_COLORS: Record<
  ManifestDiff['action'],
  'primary' | 'default' | 'secondary'
> = {
  create: 'primary',
  update: 'primary',
  unchanged: 'default',
  error: 'secondary',
};

const UnifiedDiff = ({ diff }: { diff: string }) => {
  const classes = useStyles();
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className={classes.diff} aria-label="Diff">
      {lines.map((line, i) => {
        const kind = lineKind(line);
        return (
          <div
            key={i}
            data-line={kind}
            className={`${classes.line} ${
              kind === 'context' ? '' : classes[kind]
            }`}
          >
            {line || ' '}
          </div>
        );
      })}
    </pre>
  );
};

/** One manifest: what the deploy would do to it and the unified diff. */
const ManifestChange = ({ manifest }: { manifest: ManifestDiff }) => {
  const classes = useStyles();
  return (
    <section
      className={classes.manifest}
      aria-label={`${manifest.kind} ${manifest.name}`}
    >
      <div className={classes.header}>
        <Chip
          size="small"
          color={ACTION_COLORS[manifest.action]}
          variant={manifest.action === 'unchanged' ? 'outlined' : 'default'}
          label={manifest.action}
        />
        <Typography variant="body2" className={classes.name}>
          {manifest.kind} {manifest.name}
        </Typography>
        <Typography variant="caption" className={classes.muted}>
          {manifest.account} / {manifest.namespace} · stage {manifest.stageName}
        </Typography>
      </div>
      {manifest.action === 'error' && (
        <Alert severity="error">{manifest.error ?? 'The dry-run failed'}</Alert>
      )}
      {manifest.action === 'unchanged' && (
        <Box px={1} py={0.5}>
          <Typography variant="caption" className={classes.muted}>
            No changes: the apply would leave it as it is.
          </Typography>
        </Box>
      )}
      {manifest.action !== 'unchanged' && manifest.diff && (
        <UnifiedDiff diff={manifest.diff} />
      )}
    </section>
  );
};

/** What a deploy would change: each manifest's action and diff, and the stages that could not be evaluated yet. */
export const ManifestDiffView = ({
  diff,
  stageNames = {},
}: {
  diff: PipelineDiff;
  /** Stage names by refId, to name the skipped stages. */
  stageNames?: Record<string, string>;
}) => {
  const counts = diff.manifests.reduce<Record<string, number>>((acc, m) => {
    acc[m.action] = (acc[m.action] ?? 0) + 1;
    return acc;
  }, {});
  const summary = (['create', 'update', 'unchanged', 'error'] as const)
    .filter(a => counts[a])
    .map(a => `${counts[a]} ${a}`)
    .join(' · ');
  return (
    <>
      <Typography variant="body2" gutterBottom>
        {diff.manifests.length === 0
          ? 'No manifests could be compared.'
          : `${diff.manifests.length} manifest${
              diff.manifests.length === 1 ? '' : 's'
            }: ${summary}`}
      </Typography>
      {diff.manifests.map(m => (
        <ManifestChange
          key={`${m.stageRefId}/${m.account}/${m.namespace}/${m.kind}/${m.name}`}
          manifest={m}
        />
      ))}
      {diff.skipped.length > 0 && (
        <Alert severity="info">
          Not compared (known only while the pipeline runs):
          <ul aria-label="Skipped stages">
            {diff.skipped.map(s => (
              <li key={s.stageRefId}>
                {stageNames[s.stageRefId] ?? `stage ${s.stageRefId}`}:{' '}
                {s.reason}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </>
  );
};
