/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

/** JSON that can sit inside a <script> element: `<` escaped so no `</script>` or `<!--` can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

/** A JavaScript bundle made safe to inline in a <script> element (an inner `</script` would close it). */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1')
}
