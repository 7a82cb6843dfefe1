import type { Locator, Page } from 'playwright-core';

/**
 * How many distinct colours an element's screenshot holds (colours quantised to 4 bits per
 * channel). A blank or single-colour map canvas gives 1 or 2; a drawn basemap gives dozens.
 * The PNG is decoded by the page's own image decoder, so no PNG library is needed.
 */
export async function distinctColours(page: Page, element: Locator): Promise<number> {
  const png = (await element.screenshot()).toString('base64');
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    if (!context) return 0;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) {
      colours.add(
        (((data[i] ?? 0) >> 4) << 8) | (((data[i + 1] ?? 0) >> 4) << 4) | ((data[i + 2] ?? 0) >> 4),
      );
    }
    return colours.size;
  }, png);
}
