import { expect, test } from '@playwright/test';

test('a guest opens a demo component and sees its Deploy tab', async ({
  page,
}) => {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 15_000 }).catch(() => false)) {
    await enter.click();
  }
  await expect(page.getByText('Demo Company Catalog')).toBeVisible();

  await page.getByRole('link', { name: 'demo-app' }).first().click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/demo-app/);

  await page.getByRole('tab', { name: 'Deploy' }).click();
  await expect(
    page.getByText('Application demo-app', { exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pipelines' })).toBeVisible();
  await expect(page.getByText(/Request failed/)).toHaveCount(0);
  await page.screenshot({
    path: 'e2e-results/screenshots/deploy-tab.png',
    fullPage: true,
  });
});
