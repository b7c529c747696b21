import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ExecutionQuery } from '../../api';
import {
  buildExecution,
  buildPipeline,
  fakeCdApi,
  summaryOf,
} from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { TestSignals } from '../../__testUtils__/signals';
import { ExecutionsTable } from './ExecutionsTable';

const done = summaryOf(
  buildExecution({
    id: 'e-1',
    status: 'SUCCEEDED',
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_125_000,
    trigger: { type: 'webhook', user: 'ci', parameters: {} },
  }),
);
const failed = summaryOf(
  buildExecution({
    id: 'e-2',
    name: 'Canary',
    status: 'TERMINAL',
    endTime: 1_700_000_003_000,
  }),
);

describe('ExecutionsTable', () => {
  it('lists executions with status, trigger, who and duration, linking to each', async () => {
    await renderCdView(<ExecutionsTable application="shop" pipelines={[]} />, {
      cdApi: fakeCdApi({
        listExecutions: async () => ({ items: [done, failed] }),
      }),
    });
    const link = await screen.findByRole('link', { name: 'Deploy to prod' });
    expect(link).toHaveAttribute('href', '/executions/e-1');
    const row = link.closest('tr')!;
    expect(within(row).getByText('SUCCEEDED')).toBeInTheDocument();
    expect(within(row).getByText('webhook · ci')).toBeInTheDocument();
    expect(within(row).getByText('2m 5s')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Canary' }).closest('tr'),
    ).toHaveTextContent('TERMINAL');
  });

  it('filters by status and pipeline, and pages with the cursor', async () => {
    const queries: ExecutionQuery[] = [];
    const listExecutions = async (q: ExecutionQuery) => {
      queries.push(q);
      if (q.cursor)
        return {
          items: [
            summaryOf(
              buildExecution({
                id: 'old',
                name: 'Old run',
                status: 'TERMINAL',
              }),
            ),
          ],
        };
      return { items: [failed], nextCursor: 'c1' };
    };
    await renderCdView(
      <ExecutionsTable
        application="shop"
        pipelines={[buildPipeline({ id: 'p9', name: 'Canary' })]}
      />,
      { cdApi: fakeCdApi({ listExecutions }) },
    );
    await screen.findByRole('link', { name: 'Canary' });

    await userEvent.click(screen.getByLabelText('Status filter'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'TERMINAL' }),
    );
    await userEvent.click(screen.getByLabelText('Pipeline filter'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Canary' }),
    );
    await waitFor(() =>
      expect(queries[queries.length - 1]).toEqual({
        application: 'shop',
        pipelineId: 'p9',
        statuses: ['TERMINAL'],
        limit: 25,
      }),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Older executions' }),
    );
    expect(
      await screen.findByRole('link', { name: 'Old run' }),
    ).toBeInTheDocument();
    expect(queries[queries.length - 1].cursor).toBe('c1');
    expect(
      screen.queryByRole('button', { name: 'Older executions' }),
    ).not.toBeInTheDocument();
  });

  it('reloads on the signals of its running executions and of the application', async () => {
    const running = summaryOf(
      buildExecution({ id: 'e-3', name: 'Rollout', status: 'RUNNING' }),
    );
    let items = [running, done];
    const listExecutions = jest.fn(async () => ({ items }));
    const signals = new TestSignals();
    await renderCdView(<ExecutionsTable application="shop" pipelines={[]} />, {
      cdApi: fakeCdApi({ listExecutions }),
      signals,
    });
    const row = (await screen.findByRole('link', { name: 'Rollout' })).closest(
      'tr',
    )!;
    expect(row).toHaveTextContent('RUNNING');
    await waitFor(() =>
      expect(signals.channels()).toEqual(
        expect.arrayContaining(['cd:executions:shop', 'cd:execution:e-3']),
      ),
    );
    // Finished executions do not change: nobody listens for them.
    expect(signals.channels()).not.toContain('cd:execution:e-1');

    items = [{ ...running, status: 'SUCCEEDED' }, done];
    signals.publish('cd:execution:e-3', { executionId: 'e-3' });
    await waitFor(() =>
      expect(
        screen.getByRole('link', { name: 'Rollout' }).closest('tr'),
      ).toHaveTextContent('SUCCEEDED'),
    );
    await waitFor(() =>
      expect(signals.channels()).not.toContain('cd:execution:e-3'),
    );

    const fresh = summaryOf(
      buildExecution({ id: 'e-4', name: 'Hotfix', status: 'RUNNING' }),
    );
    items = [fresh, ...items];
    signals.publish('cd:executions:shop', { executionId: 'e-4' });
    // The table replaces its rows as it re-renders: look the link up each time.
    await waitFor(() =>
      expect(
        screen.getByRole('link', { name: 'Hotfix' }).closest('tr'),
      ).toHaveTextContent('RUNNING'),
    );
  });
});
