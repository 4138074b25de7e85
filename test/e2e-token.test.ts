import { expect, it } from 'vitest';
import { ready, useHarness } from './e2e-helpers.ts';
import { describeWith } from './requires.ts';

describeWith('chromium')('dashboard with SAFERBOARD_TOKEN', () => {
  const h = useHarness({ env: { SAFERBOARD_TOKEN: 'board-2018' } });

  it('the API refuses requests without the token', async () => {
    expect((await fetch(`${h.base}/api/meta`)).status).toBe(401);
  });

  it('asks for the token once, then renders the board view with it', async () => {
    const page = await h.browser.newPage();
    const prompts: string[] = [];
    page.on('dialog', (d) => {
      prompts.push(d.message());
      void d.accept('board-2018');
    });
    await page.goto(`${h.base}/?area=Barnet&to=2018-12`);
    await ready(page);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('access token');
    expect(await page.locator('svg').count()).toBeGreaterThan(3);
    // a second view in the same tab does not ask again
    await page.goto(`${h.base}/explore?area=Barnet&category=burglary`);
    await ready(page);
    expect(prompts).toHaveLength(1);
    await page.close();
  });
});
