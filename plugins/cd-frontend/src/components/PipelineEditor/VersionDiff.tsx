import { makeStyles } from '@material-ui/core';
import type { DiffLine } from './lineDiff';

const useStyles = makeStyles(theme => ({
  pre: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    margin: 0,
    padding: theme.spacing(1),
    overflowX: 'auto',
    background: theme.palette.background.default,
  },
  added: { background: 'rgba(46, 125, 50, 0.18)', display: 'block' },
  removed: { background: 'rgba(198, 40, 40, 0.18)', display: 'block' },
  same: { display: 'block', opacity: 0.75 },
}));

const MARK = { added: '+ ', removed: '- ', same: '  ' } as const;

/** A unified line diff: removed lines red, added green. */
export const VersionDiff = ({ lines }: { lines: DiffLine[] }) => {
  const classes = useStyles();
  if (lines.every(l => l.kind === 'same')) return <div>No differences.</div>;
  return (
    <pre className={classes.pre} aria-label="Version diff">
      {lines.map((line, i) => (
        <span key={i} className={classes[line.kind]} data-kind={line.kind}>
          {MARK[line.kind]}
          {line.text}
        </span>
      ))}
    </pre>
  );
};
