// Runtime: Node (tests). Drops and pastes on the page the way a browser does: events carrying a DataTransfer.
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

/** Drops one text file, as when a .txt list of links is dragged from a file manager. */
export async function dropTextFile(page: Page, fileName: string, content: string): Promise<void> {
  await page.evaluate(
    ({ name, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: 'text/plain' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    },
    { name: fileName, text: content },
  );
}

/** Pastes plain text with the focus on the page itself, as Ctrl+V does outside any text field. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
