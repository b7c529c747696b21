import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CanaryReport as CanaryReportData } from '@internal/plugin-cd-common';
import { buildStage, fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { judgedReport } from './__fixtures__/judgedReport';
import { CanaryReport } from './CanaryReport';
import { CanaryReportChip, CanaryReportLink } from './CanaryReportChip';

const render = (element: JSX.Element) =>
  renderCdView(element, { cdApi: fakeCdApi({}) });

const canaryStage = (report?: CanaryReportData) =>
  buildStage({
    refId: '3',
    type: 'kayentaCanary',
    name: 'Canary analysis',
    status: 'SUCCEEDED',
    outputs: report ? { canaryReport: report } : {},
  });

const metricRow = (name: string) =>
  within(screen.getByRole('table', { name: 'Metrics' }))
    .getByText(name, { selector: 'span' })
    .closest('tr')!;

const cellsOf = (row: HTMLElement) =>
  [...row.querySelectorAll('td')].slice(1).map(td => td.textContent);

describe('CanaryReport', () => {
  it("shows the verdict, group scores and the last interval's metrics by classification", async () => {
    await render(<CanaryReport stage={canaryStage(judgedReport)} />);

    expect(
      screen.getByText('Canary analysis: demo-app-canary'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Canary score')).toHaveTextContent('50');
    expect(screen.getByLabelText('Canary verdict')).toHaveTextContent(
      'Marginal',
    );
    expect(screen.getByLabelText('Canary reason')).toHaveTextContent(
      'interval 2 scored 50 < pass 75',
    );
    expect(
      screen.getByText('Baseline: demo-app-baseline-v001 · staging · local'),
    ).toBeInTheDocument();
    // The summary shows the weights from the config next to each group's score.
    const summaryErrors = screen.getAllByLabelText('Group errors score')[0];
    expect(summaryErrors).toHaveTextContent('errors (weight 50)100');
    expect(
      screen.getAllByLabelText('Group latency score')[0],
    ).toHaveTextContent('0');

    const tabs = within(
      screen.getByRole('tablist', { name: 'Analysis intervals' }),
    );
    expect(tabs.getByRole('tab', { name: 'Interval 1 (100)' })).toHaveAttribute(
      'aria-selected',
      'false',
    );
    expect(tabs.getByRole('tab', { name: 'Interval 2 (50)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    // classification, reason, baseline mean, canary mean, ratio, effect size
    expect(cellsOf(metricRow('latency-p99'))).toEqual([
      'High',
      'latency-p99 was classified as High',
      '122',
      '184',
      '1.508',
      '1.508meanRatio',
    ]);
    expect(within(metricRow('cpu')).getByText('Low')).toBeInTheDocument();
    expect(within(metricRow('memory')).getByText('Nodata')).toBeInTheDocument();
    expect(
      within(metricRow('memory')).getByText('Missing data for memory'),
    ).toBeInTheDocument();
    expect(
      within(metricRow('error-rate')).getByText('critical'),
    ).toBeInTheDocument();
    expect(
      within(metricRow('error-rate')).getByText('Pass'),
    ).toBeInTheDocument();
    expect(
      within(metricRow('requests')).getByText('muted'),
    ).toBeInTheDocument();
    expect(screen.queryByText('critical failure')).not.toBeInTheDocument();
  });

  it("opens a metric's statistics, test figures and both charts, and switches intervals", async () => {
    await render(<CanaryReport report={judgedReport} />);

    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show details of latency-p99' }),
    );

    const stats = within(
      screen.getByRole('table', { name: 'latency-p99 statistics' }),
    );
    const baseline = stats.getByText('Baseline').closest('tr')!;
    const canary = stats.getByText('Canary').closest('tr')!;
    // count, mean, median (from the series), std, min, max
    expect(
      [...baseline.querySelectorAll('td')].map(td => td.textContent),
    ).toEqual(['10', '122', '122', '1.491', '120', '124']);
    expect(
      [...canary.querySelectorAll('td')].map(td => td.textContent),
    ).toEqual(['10', '184', '184', '2.981', '180', '188']);
    expect(
      screen.getByText(/Mann-Whitney: p-value 0.0001727, estimate 62/),
    ).toBeInTheDocument();

    const timeSeries = screen.getByRole('figure', {
      name: 'latency-p99 time series',
    });
    expect(timeSeries.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(within(timeSeries).getByText('Baseline')).toBeInTheDocument();
    expect(within(timeSeries).getByText('Canary')).toBeInTheDocument();
    const distribution = screen.getByRole('figure', {
      name: 'latency-p99 distribution',
    });
    // Baseline (120–124) and canary (180–188) fall in different bins: both bar series drawn.
    expect(distribution.querySelectorAll('.recharts-bar')).toHaveLength(2);
    expect(
      distribution.querySelectorAll('.recharts-bar-rectangle').length,
    ).toBeGreaterThan(0);

    await userEvent.click(
      screen.getByRole('tab', { name: 'Interval 1 (100)' }),
    );
    expect(
      within(metricRow('latency-p99')).getByText('Pass'),
    ).toBeInTheDocument();
    expect(within(metricRow('memory')).getByText('Pass')).toBeInTheDocument();
    expect(screen.queryByText('High')).not.toBeInTheDocument();
  });

  it('shows an interval that could not be judged, and a provisional verdict while running', async () => {
    const running: CanaryReportData = {
      ...judgedReport,
      overallResult: undefined,
      overallScore: undefined,
      reason: undefined,
      intervals: [
        judgedReport.intervals[0],
        {
          ...judgedReport.intervals[1],
          error: 'prometheus: 503 Service Unavailable',
        },
      ],
    };
    await render(<CanaryReport report={running} />);
    expect(
      screen.getByRole('tab', { name: 'Interval 2 (error)' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(
      screen.getByText(
        'Interval 2 could not be judged: prometheus: 503 Service Unavailable',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Canary score')).toHaveTextContent('100');
    expect(screen.getByLabelText('Canary verdict')).toHaveTextContent(
      'Pass so far',
    );
  });

  it('says when a stage has no report yet', async () => {
    await render(<CanaryReport stage={canaryStage()} />);
    expect(screen.getByText('No canary report yet')).toBeInTheDocument();
  });

  it('summarizes the verdict as a chip, and as a link to the report', async () => {
    await render(
      <>
        <CanaryReportChip
          report={{
            ...judgedReport,
            overallResult: 'failure',
            overallScore: 30,
          }}
        />
        <CanaryReportLink
          stage={canaryStage(judgedReport)}
          to="/cd/executions/e1?stage=3"
        />
        <CanaryReportChip stage={canaryStage()} />
      </>,
    );
    expect(screen.getByText('Canary 30 · Fail')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open canary report' }),
    ).toHaveAttribute('href', '/cd/executions/e1?stage=3');
    expect(screen.getByText('Canary 50 · Marginal')).toBeInTheDocument();
  });
});
