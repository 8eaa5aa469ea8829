const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * The one HTML escaper: dashboard pages (through the `html` tag), the sign-in page and the
 * reminder e-mails. For text and attribute values alike; everything that comes from users goes
 * through here.
 */
export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
