import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeCdApi } from '../../__testUtils__/builders';
import { renderCdView } from '../../__testUtils__/render';
import { canaryConfigStore } from './__fixtures__/fakeCanaryConfigStore';
import { storedConfigs } from './__fixtures__/storedConfigs';
import { CanaryConfigs } from './CanaryConfigs';

const editorText = () =>
  (screen.getByLabelText('Canary config document') as HTMLTextAreaElement)
    .value;
const setEditorText = (text: string) =>
  fireEvent.change(screen.getByLabelText('Canary config document'), {
    target: { value: text },
  });
const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex(l => l.includes(needle)) + 1;

async function renderConfigs() {
  const store = canaryConfigStore(storedConfigs());
  await renderCdView(<CanaryConfigs application="shop" />, {
    cdApi: fakeCdApi(store.api),
  });
  return store;
}

describe('CanaryConfigs', () => {
  it("lists the application's configs and shows the backend's issues at their line", async () => {
    const store = await renderConfigs();
    const table = await screen.findByRole('table', { name: 'Canary configs' });
    const names = within(table).getAllByRole('button', {
      name: /^[a-z]+-canary$/,
    });
    expect(names.map(b => b.textContent)).toEqual([
      'checkout-canary',
      'shop-canary',
    ]);

    await userEvent.click(
      within(table).getByRole('button', { name: 'shop-canary' }),
    );
    expect(await screen.findByText('Edit shop-canary')).toBeInTheDocument();
    await waitFor(() => expect(editorText()).toContain('performance'));

    // Empty the latency metric's groups: the backend refuses, naming the path.
    const broken = editorText().replace(
      /groups:\n\s+- performance/,
      'groups: []',
    );
    setEditorText(broken);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('a metric needs at least one group'),
    ).toBeInTheDocument();
    const groupsLine =
      broken
        .split('\n')
        .findIndex(
          (l, i, all) =>
            l.includes('groups: []') &&
            all.slice(0, i).some(p => p.includes('latency-p99')),
        ) + 1;
    expect(
      screen.getByText(`metrics[1].groups · line ${groupsLine}`),
    ).toBeInTheDocument();
    expect(store.rows.get('cc-shop')).toHaveLength(2);

    // Text that does not parse never reaches the backend.
    setEditorText('name: [unclosed');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/line 1/)).toBeInTheDocument();

    setEditorText(broken.replace('groups: []', 'groups: [latency]'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved as version 3.')).toBeInTheDocument();
    expect(store.rows.get('cc-shop')![2].config.metrics[1].groups).toEqual([
      'latency',
    ]);
  });

  it('shows a JSON issue at its line after switching format', async () => {
    await renderConfigs();
    await userEvent.click(
      await screen.findByRole('button', { name: 'checkout-canary' }),
    );
    await waitFor(() => expect(editorText()).toContain('checkout-canary'));
    await userEvent.click(screen.getByRole('button', { name: 'JSON' }));
    const json = JSON.parse(editorText());
    delete json.classifier;
    const text = JSON.stringify(json, null, 2);
    setEditorText(text);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Required')).toBeInTheDocument();
    // A missing field points at its object: the document's first line.
    expect(screen.getByText('classifier · line 1')).toBeInTheDocument();
  });

  it('compares an old version and restores it as a new version', async () => {
    const store = await renderConfigs();
    await userEvent.click(
      await screen.findByRole('button', { name: 'shop-canary' }),
    );
    const versions = await screen.findByRole('table', {
      name: 'Canary config versions',
    });
    expect(within(versions).getByText('current')).toBeInTheDocument();

    await userEvent.click(
      within(versions).getByRole('button', { name: 'Compare version 1' }),
    );
    const diff = screen.getByLabelText('Version diff');
    expect(diff.querySelector('[data-kind="removed"]')).toHaveTextContent(
      'latency',
    );
    expect(diff.querySelector('[data-kind="added"]')).toHaveTextContent(
      'performance',
    );

    await userEvent.click(
      within(versions).getByRole('button', { name: 'Restore version 1' }),
    );
    expect(await screen.findByText('Saved as version 3.')).toBeInTheDocument();
    expect(store.rows.get('cc-shop')![2].config).toEqual(
      store.rows.get('cc-shop')![0].config,
    );
    await waitFor(() => expect(editorText()).not.toContain('performance'));
    await waitFor(() =>
      expect(
        within(
          screen.getByRole('table', { name: 'Canary config versions' }),
        ).getAllByRole('row'),
      ).toHaveLength(4),
    );
  });

  it('imports a Kayenta config, refusing bad JSON and showing issues at their line', async () => {
    const store = await renderConfigs();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Import from Kayenta' }),
    );
    const dialog = within(screen.getByRole('dialog'));
    const paste = (text: string) =>
      fireEvent.change(dialog.getByLabelText('Kayenta canary config JSON'), {
        target: { value: text },
      });

    paste('{ "name": ');
    await userEvent.click(dialog.getByRole('button', { name: 'Import' }));
    expect(await dialog.findByText(/Not valid JSON/)).toBeInTheDocument();

    const kayenta = {
      name: 'kayenta-imported',
      judge: { name: 'NetflixACAJudge-v1.0', judgeConfigurations: {} },
      metrics: [
        {
          name: 'cpu',
          query: { type: 'prometheus', metricName: 'cpu' },
          groups: [],
          analysisConfigurations: {},
        },
      ],
      classifier: { groupWeights: { system: 100 } },
    };
    const invalid = JSON.stringify(kayenta, null, 2);
    paste(invalid);
    await userEvent.click(dialog.getByRole('button', { name: 'Import' }));
    expect(
      await dialog.findByText('The import was refused'),
    ).toBeInTheDocument();
    expect(
      dialog.getByText(
        `metrics[0].groups · line ${lineOf(invalid, '"groups"')}`,
      ),
    ).toBeInTheDocument();

    paste(
      JSON.stringify({
        ...kayenta,
        metrics: [{ ...kayenta.metrics[0], groups: ['system'] }],
      }),
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Import' }));
    expect(
      await screen.findByText('Edit kayenta-imported'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect([...store.rows.values()].map(v => v[0].name)).toContain(
      'kayenta-imported',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'All canary configs' }),
    );
    expect(
      await screen.findByRole('button', { name: 'kayenta-imported' }),
    ).toBeInTheDocument();
  });

  it('creates a config from the starting template', async () => {
    const store = await renderConfigs();
    await userEvent.click(
      await screen.findByRole('button', { name: 'New canary config' }),
    );
    expect(await screen.findByText('New canary config')).toBeInTheDocument();
    await waitFor(() => expect(editorText()).toContain('name: shop-canary\n'));
    setEditorText(
      editorText().replace('name: shop-canary\n', 'name: shop-fresh\n'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Edit shop-fresh')).toBeInTheDocument();
    const created = [...store.rows.values()].find(
      v => v[0].name === 'shop-fresh',
    )!;
    expect(created[0].config.metrics[0].groups).toEqual(['errors']);
  });

  it('deletes a config after confirmation', async () => {
    const store = await renderConfigs();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete checkout-canary' }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'checkout-canary' }),
      ).not.toBeInTheDocument(),
    );
    expect(store.rows.has('cc-checkout')).toBe(false);
    expect(
      screen.getByRole('button', { name: 'shop-canary' }),
    ).toBeInTheDocument();
  });
});
