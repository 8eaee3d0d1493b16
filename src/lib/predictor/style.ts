/**
 * The predictor page's stylesheet, inlined by build.ts (its hash goes into the page's CSP, so
 * it is one constant rather than styles set from script). System fonts only: the page must
 * not fetch anything.
 */
export const PREDICTOR_CSS = `
:root { color-scheme: light dark; --bg: #f6f7f9; --panel: #fff; --text: #1c2230; --muted: #5b6578; --line: #d9dde5;
  --accent: #2f5fd0; --accent-soft: #e3eafb; --bar: #9db3ea; --bad: #b42318; --bad-soft: #fdecea; --radius: 10px; }
@media (prefers-color-scheme: dark) { :root { --bg: #14171d; --panel: #1d2129; --text: #e6e9ef; --muted: #9aa3b2; --line: #333a47;
  --accent: #7ea2ff; --accent-soft: #26324d; --bar: #4863a8; --bad: #ff8a80; --bad-soft: #3a2222; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1160px; margin: 0 auto; padding: 20px 20px 40px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 0 0 12px; }
.sub { color: var(--muted); margin: 0 0 12px; overflow-wrap: anywhere; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 20px; padding: 0; }
.facts div { display: flex; gap: 6px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.grid { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 20px; align-items: start; }
@media (max-width: 820px) { .grid { grid-template-columns: minmax(0, 1fr); } main { padding: 14px 12px 32px; } }
section { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); padding: 16px; }
.batch { grid-column: 1 / -1; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 12px 14px; }
.field { display: flex; flex-direction: column; gap: 3px; min-width: 0; }
.field .label-row { display: flex; align-items: baseline; flex-wrap: wrap; column-gap: 6px; }
.field label { font-weight: 600; overflow-wrap: anywhere; min-width: 0; }
.field .req { color: var(--bad); font-weight: 400; font-size: .85em; white-space: nowrap; }
.field .hint { color: var(--muted); font-size: .85em; overflow-wrap: anywhere; }
input, select, button { font: inherit; color: inherit; }
input[type=number], input[type=date], input[type=text], select { width: 100%; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
input:focus-visible, select:focus-visible, button:focus-visible, a.button:focus-visible, .drop:focus-within { outline: 2px solid var(--accent); outline-offset: 1px; }
.actions { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 16px; }
button, a.button { display: inline-block; border: 1px solid var(--line); background: var(--panel); padding: 7px 14px; border-radius: 6px; cursor: pointer; text-decoration: none; }
button.primary, a.button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
@media (prefers-color-scheme: dark) { button.primary, a.button.primary { color: #10131a; } }
button:disabled { opacity: .55; cursor: default; }
.result .label { font-size: 1.6rem; font-weight: 700; margin: 4px 0 12px; overflow-wrap: anywhere; }
.result .empty { color: var(--muted); }
.probs { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.probs li { display: grid; grid-template-columns: minmax(0, 9em) minmax(0, 1fr) 4.5em; gap: 8px; align-items: center; }
.probs .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.probs .track { height: 12px; background: var(--accent-soft); border-radius: 6px; overflow: hidden; }
.probs .fill { height: 100%; background: var(--bar); border-radius: 6px; }
.probs li.top .fill { background: var(--accent); }
.probs li.top .name { font-weight: 700; }
.probs .value { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: var(--bad); background: var(--bad-soft); border-radius: 6px; padding: 8px 10px; overflow-wrap: anywhere; }
.drop { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 6px; min-height: 110px; border: 2px dashed var(--line);
  border-radius: var(--radius); padding: 16px; text-align: center; cursor: pointer; }
.drop.over { border-color: var(--accent); background: var(--accent-soft); }
.drop input { position: absolute; width: 1px; height: 1px; opacity: 0; }
.drop strong { color: var(--accent); }
.drop .hint { color: var(--muted); font-size: .85em; overflow-wrap: anywhere; }
.status { margin: 12px 0 0; }
.note { color: var(--muted); font-size: .9em; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin-top: 12px; }
table { border-collapse: collapse; font-size: .9em; }
caption { text-align: left; caption-side: top; padding: 0 0 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; white-space: nowrap; max-width: 22em; overflow: hidden; text-overflow: ellipsis; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bad { color: var(--bad); }
footer { color: var(--muted); font-size: .85em; margin-top: 24px; }
.loading { color: var(--muted); }
`;
