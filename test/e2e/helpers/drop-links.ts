// Runtime: Node (tests). Drops links on the page the way a browser does: a drop event carrying a DataTransfer.
/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** Dispatches dragenter, dragover and drop on the page's body with `text/uri-list` (and `text/plain`) data. */
export async function dropLinks(page: Page, urls: readonly string[]): Promise<void> {
  await page.evaluate((links) => {
    const data = new DataTransfer();
    data.setData('text/uri-list', links.join('\r\n'));
    data.setData('text/plain', links.join('\n'));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, urls);
}
