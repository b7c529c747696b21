import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuditAction, AuditRecord } from '@internal/plugin-cd-common';
import type { AuditQuery } from '../../api';
import { fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { AuditLog, EntityAuditLog } from './AuditLog';

const record = (
  n: number,
  action: AuditAction,
  actor: string,
  details: Record<string, unknown> = {},
): AuditRecord => ({
  id: `a${n}`,
  at: new Date(Date.UTC(2024, 4, 1, 12, 0, 60 - n)).toISOString(),
  actor,
  action,
  application: 'shop',
  entityRef: 'component:default/shop',
  target: `target-${n}`,
  details,
});

const records = [
  record(1, 'execution.start', 'user:default/alice', {
    pipeline: 'Deploy to prod',
  }),
  record(2, 'judgment.submit', 'user:default/bob', {
    judgmentStatus: 'continue',
    input: 'ship it',
  }),
  record(3, 'serverGroup.scale', 'user:default/alice', { replicas: 5 }),
  record(4, 'pipeline.update', 'user:default/carol'),
  record(5, 'execution.start', 'plugin:scaffolder'),
];

/** Pages the records as the backend does: newest first, an opaque cursor for the rest. */
function pagingApi() {
  const queries: AuditQuery[] = [];
  return {
    queries,
    cdApi: fakeCdApi({
      listAudit: async query => {
        queries.push(query);
        const matching = records.filter(
          r =>
            (!query.action || r.action === query.action) &&
            (!query.actor || r.actor === query.actor),
        );
        const start = query.cursor
          ? Number(query.cursor.replace('after-', ''))
          : 0;
        const end = start + (query.limit ?? 25);
        return {
          items: matching.slice(start, end),
          nextCursor: end < matching.length ? `after-${end}` : undefined,
        };
      },
    }),
  };
}

const targets = () =>
  within(screen.getByRole('table', { name: 'Audit records' }))
    .queryAllByText(/^target-/)
    .map(e => e.textContent);

describe('AuditLog', () => {
  it('pages forward and back with the cursor', async () => {
    const { queries, cdApi } = pagingApi();
    await renderCdView(<AuditLog application="shop" pageSize={2} />, { cdApi });

    await waitFor(() => expect(targets()).toEqual(['target-1', 'target-2']));
    expect(screen.getByRole('button', { name: 'Newer' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(targets()).toEqual(['target-3', 'target-4']));
    expect(screen.getByLabelText('Audit page')).toHaveTextContent('Page 2');
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(targets()).toEqual(['target-5']));
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Newer' }));
    await waitFor(() => expect(targets()).toEqual(['target-3', 'target-4']));

    expect(queries.map(q => q.cursor)).toEqual([
      undefined,
      'after-2',
      'after-4',
      'after-2',
    ]);
    expect(queries.every(q => q.application === 'shop' && q.limit === 2)).toBe(
      true,
    );
  });

  it('filters by action and actor, back on the first page, and expands details', async () => {
    const { queries, cdApi } = pagingApi();
    await renderCdView(<AuditLog pageSize={2} />, { cdApi });
    await waitFor(() => expect(targets()).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(targets()).toEqual(['target-3', 'target-4']));

    await userEvent.click(screen.getByLabelText('Action filter'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'execution.start' }),
    );
    await waitFor(() => expect(targets()).toEqual(['target-1', 'target-5']));
    expect(screen.getByLabelText('Audit page')).toHaveTextContent('Page 1');
    expect(queries[queries.length - 1]).toEqual({
      application: undefined,
      entityRef: undefined,
      action: 'execution.start',
      actor: undefined,
      limit: 2,
      cursor: undefined,
    });

    await userEvent.type(
      screen.getByLabelText('Actor filter'),
      'user:default/alice',
    );
    await waitFor(() => expect(targets()).toEqual(['target-1']));
    expect(queries[queries.length - 1]).toMatchObject({
      action: 'execution.start',
      actor: 'user:default/alice',
    });

    await userEvent.click(screen.getByLabelText('Action filter'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'judgment.submit' }),
    );
    await waitFor(() =>
      expect(screen.getByText('No records match.')).toBeInTheDocument(),
    );
    await userEvent.clear(screen.getByLabelText('Actor filter'));
    await waitFor(() => expect(targets()).toEqual(['target-2']));

    expect(screen.queryByText(/ship it/)).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show details of judgment.submit on target-2',
      }),
    );
    expect(await screen.findByText(/ship it/)).toBeInTheDocument();
    expect(
      screen.getByText('Record a2 · entity component:default/shop'),
    ).toBeInTheDocument();
  });

  it("reads the page entity's records", async () => {
    const { queries, cdApi } = pagingApi();
    await renderCdView(<EntityAuditLog />, { cdApi });
    await waitFor(() => expect(targets()).toHaveLength(5));
    expect(queries[0]).toMatchObject({ entityRef: 'component:default/shop' });
  });
});
