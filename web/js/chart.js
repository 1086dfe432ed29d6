// A small SVG bar chart (no library): one bar per value in 0..1, labelled underneath.

const NS = 'http://www.w3.org/2000/svg';

/** bars: [{value: 0..1 or null (no bar), label}] oldest first. */
export function barChart(bars) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 320 120');
  bars.forEach(({ value, label }, i) => {
    const x = 20 + i * (280 / Math.max(bars.length, 1));
    if (value !== null && value !== undefined) {
      const height = Math.max(2, value * 90);
      const rect = document.createElementNS(NS, 'rect');
      rect.setAttribute('x', String(x));
      rect.setAttribute('y', String(100 - height));
      rect.setAttribute('width', '40');
      rect.setAttribute('height', String(height));
      rect.setAttribute('fill', '#1a6553');
      svg.append(rect);
    }
    const text = document.createElementNS(NS, 'text');
    text.setAttribute('x', String(x + 20));
    text.setAttribute('y', '115');
    text.setAttribute('text-anchor', 'middle');
    text.setAttribute('font-size', '11');
    text.textContent = label;
    svg.append(text);
  });
  return svg;
}
