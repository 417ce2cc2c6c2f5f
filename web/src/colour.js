// Colours derived from the municipality's colour, so that text keeps a contrast of at least
// 4.5:1 (WCAG 2.1 AA) whatever colour is configured.

const FALLBACK = "#0b5394";
const DARK_TEXT = "#1a1a1a";

function channels(hex) {
  const match = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(String(hex || "").trim());
  if (!match) {
    return null;
  }
  let digits = match[1];
  if (digits.length === 3) {
    digits = digits.split("").map((d) => d + d).join("");
  }
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
}

function luminance(rgb) {
  const [r, g, b] = rgb.map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(hexA, hexB) {
  const a = luminance(channels(hexA));
  const b = luminance(channels(hexB));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

// The colours the stylesheet uses: the brand colour, text on it, and the brand colour as text on white.
export function palette(configured) {
  const brand = channels(configured) ? "#" + channels(configured).map((c) => c.toString(16).padStart(2, "0")).join("") : FALLBACK;
  const onBrand = contrast(brand, "#ffffff") >= 4.5 ? "#ffffff" : DARK_TEXT;
  const brandText = contrast(brand, "#ffffff") >= 4.5 ? brand : DARK_TEXT;
  return { brand, onBrand, brandText };
}
