import { expect, test } from '@playwright/test';

const shots = 'e2e-results/screenshots';

test('deploy the demo pipeline, approve its judgment, see it succeed', async ({ page }) => {
  await page.goto('/catalog/default/component/demo-app/cd');
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 15_000 }).catch(() => false)) {
    await enter.click();
  }

  await page.getByRole('button', { name: 'Deploy with Release with approval' }).click();
  await expect(page.getByText('Deploy with Release with approval')).toBeVisible();
  await page.screenshot({ path: `${shots}/deploy-dialog.png` });
  // The dialog shows what the deploy would change before it starts.
  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByText('Review changes of Release with approval')).toBeVisible();
  await page.getByRole('button', { name: 'Start', exact: true }).click();

  await expect(page.getByText('Execution of Release with approval')).toBeVisible();
  // The graph reaches the judgment (after the 5 s settle wait).
  const approve = page.getByRole('button', { name: 'Continue' });
  await expect(approve).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Release demo-app:1.1.0 to staging?', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/judgment.png`, fullPage: true });
  await approve.click();

  // The last stage is skipped in staging; the execution succeeds.
  await expect(
    page.getByRole('button', { name: 'Record production release (evaluateVariables) SKIPPED' }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Approve release (manualJudgment) SUCCEEDED' })).toBeVisible();
  await expect(page.getByText('RUNNING', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: `${shots}/execution-succeeded.png`, fullPage: true });
});
