import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DoraMetrics } from '@internal/plugin-cd-common';
import type { DoraQuery } from '../../api';
import { fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { DoraCard, EntityDoraCard, PortalDoraCard } from './DoraCard';

const HOUR = 3_600_000;

function scopeOf(query: DoraQuery): string {
  if (query.application) return `application:${query.application}`;
  if (query.entityRef) return `entity:${query.entityRef}`;
  return 'portal';
}

const metricsFor = (query: DoraQuery): DoraMetrics => ({
  scope: scopeOf(query),
  windowDays: query.days ?? 30,
  from: '2024-04-01T00:00:00.000Z',
  to: '2024-05-01T00:00:00.000Z',
  deployments: 13,
  deploymentsPerDay: 13 / 30,
  leadTimeMs: 26 * HOUR,
  changeFailureRate: 2 / 15,
  timeToRestoreMs: 50 * 60_000,
  trend: [
    { start: '2024-04-01', deployments: 2, failures: 0, leadTimeMs: 30 * HOUR },
    {
      start: '2024-04-08',
      deployments: 4,
      failures: 1,
      leadTimeMs: 20 * HOUR,
      timeToRestoreMs: 40 * 60_000,
    },
    {
      start: '2024-04-15',
      deployments: 3,
      failures: 1,
      leadTimeMs: 26 * HOUR,
      timeToRestoreMs: 60 * 60_000,
    },
    { start: '2024-04-22', deployments: 4, failures: 0 },
  ],
});

function recordingApi() {
  const queries: DoraQuery[] = [];
  return {
    queries,
    cdApi: fakeCdApi({
      getDoraMetrics: async query => {
        queries.push(query);
        return metricsFor(query);
      },
    }),
  };
}

describe('DoraCard', () => {
  it("shows an application's four keys humanized, with their trends, and changes the window", async () => {
    const { queries, cdApi } = recordingApi();
    await renderCdView(<DoraCard application="shop" />, { cdApi });

    expect(
      await screen.findByLabelText('Deployment frequency'),
    ).toHaveTextContent('3 per week');
    expect(screen.getByText('13 production deployments')).toBeInTheDocument();
    expect(screen.getByLabelText('Lead time for changes')).toHaveTextContent(
      '1.1 days',
    );
    expect(screen.getByLabelText('Change failure rate')).toHaveTextContent(
      '13.3%',
    );
    expect(screen.getByLabelText('Time to restore')).toHaveTextContent(
      '50 min',
    );
    expect(screen.getByText('application shop')).toBeInTheDocument();
    for (const name of [
      'Deployment frequency',
      'Lead time for changes',
      'Change failure rate',
      'Time to restore',
    ]) {
      const sparkline = screen.getByRole('img', { name: `${name} trend` });
      expect(sparkline.querySelector('.recharts-line-curve')).not.toBeNull();
    }
    expect(queries).toEqual([{ application: 'shop', days: 30 }]);

    await userEvent.click(screen.getByLabelText('DORA window'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'last 90 days' }),
    );
    await waitFor(() => expect(queries).toHaveLength(2));
    expect(queries[1]).toEqual({ application: 'shop', days: 90 });
  });

  it("asks for the page's entity, or for the whole portal", async () => {
    const entity = recordingApi();
    await renderCdView(<EntityDoraCard />, { cdApi: entity.cdApi });
    expect(
      await screen.findByText('component:default/shop'),
    ).toBeInTheDocument();
    expect(entity.queries).toEqual([
      { entityRef: 'component:default/shop', days: 30 },
    ]);

    const portal = recordingApi();
    await renderCdView(<PortalDoraCard days={7} />, { cdApi: portal.cdApi });
    expect(await screen.findByText('all applications')).toBeInTheDocument();
    expect(portal.queries).toEqual([{ days: 7 }]);
  });

  it('shows dashes where a figure cannot be computed yet', async () => {
    await renderCdView(<DoraCard application="new-app" />, {
      cdApi: fakeCdApi({
        getDoraMetrics: async () => ({
          scope: 'application:new-app',
          windowDays: 30,
          from: '2024-04-01T00:00:00.000Z',
          to: '2024-05-01T00:00:00.000Z',
          deployments: 0,
          deploymentsPerDay: 0,
          trend: [],
        }),
      }),
    });
    expect(
      await screen.findByLabelText('Deployment frequency'),
    ).toHaveTextContent('none');
    expect(screen.getByLabelText('Lead time for changes')).toHaveTextContent(
      '—',
    );
    expect(screen.getByLabelText('Change failure rate')).toHaveTextContent('—');
    expect(
      screen.queryByRole('img', { name: /trend/ }),
    ).not.toBeInTheDocument();
  });
});
