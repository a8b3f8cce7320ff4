// One sanitiser for every string a program controls (its output, its process name, its command line,
// its report values): a control character, a C1 control or a bidirectional override is shown as a
// visible symbol, never sent to the learner's terminal, where it could move the cursor, set the
// window title, write the clipboard (OSC 52) or reorder the text being read.

/** C0 controls become their Control Pictures (U+2400 + code: ␛ for ESC), DEL becomes ␡. */
function picture(code: number): string {
  return code === 0x7f ? '\u2421' : String.fromCharCode(0x2400 + code);
}

// Tab and newline are layout; every other C0 control, DEL, C1 controls, and the bidi embeddings,
// overrides and isolates (U+202A-202E, U+2066-2069) are not safe to print as they are.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return picture(code);
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}
