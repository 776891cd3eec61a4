/** The report's stylesheet, inlined into report.html. Narrow windows: one column, tables scroll; print: no controls, no shadows. */
export const STYLE = `
:root { --fg:#1b1b1b; --muted:#5b5b5b; --bg:#ffffff; --panel:#f6f7f9; --line:#d9dce1; --pre:#0072B2; --fine:#D55E00; --pass:#009E73; --fail:#D55E00; --skip:#8a8a8a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; color: var(--fg); background: var(--bg); }
header.top { background: #1f2933; color: #fff; padding: 18px 24px 12px; }
header.top h1 { margin: 0 0 4px; font-size: 1.45rem; font-weight: 650; overflow-wrap: anywhere; }
header.top .sub { color: #d6dbe1; margin: 0; overflow-wrap: anywhere; }
.verdict-banner { display: inline-block; margin: 10px 0 4px; padding: 4px 12px; border-radius: 4px; font-weight: 700; }
.verdict-banner.fail { background: var(--fail); color: #fff; }
.verdict-banner.pass { background: var(--pass); color: #fff; }
.verdict-banner.partial { display: block; background: #fff4d6; color: #5c4200; border: 1px solid #d9a400; font-weight: 600; }
nav.toc { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); padding: 6px 24px; display: flex; flex-wrap: wrap; gap: 4px 18px; }
nav.toc a { color: var(--pre); text-decoration: none; font-weight: 600; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 24px 48px; }
section { margin-top: 28px; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--fg); padding-bottom: 4px; }
h3 { font-size: 1.08rem; margin: 22px 0 8px; }
h4 { margin: 12px 0 2px; font-size: 1rem; }
h5 { margin: 4px 0; font-size: .9rem; font-weight: 600; }
a { color: var(--pre); }
code, pre { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
pre { background: var(--panel); padding: 8px 10px; border-radius: 4px; white-space: pre-wrap; margin: 4px 0; }
.muted { color: var(--muted); }
.unscored { border-left: 3px solid var(--fine); padding: 4px 8px; background: var(--panel); }
h4.group { margin-top: 18px; font-size: 1rem; overflow-wrap: anywhere; }
.context { margin: -4px 0 6px; font-size: .88rem; color: #3d4852; overflow-wrap: anywhere; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
.card { flex: 1 1 120px; border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: 8px 14px; background: var(--panel); }
.card-number { font-size: 2rem; font-weight: 700; line-height: 1.1; }
.card-word { color: var(--muted); }
.card-passed { border-left-color: var(--pass); }
.card-failed.nonzero, .card-regressions.nonzero { border-left-color: var(--fail); }
.card-failed.nonzero .card-number, .card-regressions.nonzero .card-number { color: #b34700; }
.card-skipped { border-left-color: var(--skip); }
.status-bar { width: 100%; height: 14px; display: block; border-radius: 3px; }
.table-wrap { overflow-x: auto; max-width: 100%; margin: 6px 0 10px; }
table { border-collapse: collapse; font-size: .9rem; min-width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; white-space: nowrap; }
td { overflow-wrap: break-word; }
table.tests td:nth-child(3), table.tests td:nth-child(4), table.tests td:nth-child(5), table.deltas td:nth-child(n+3) { white-space: nowrap; }
table.tests td:nth-child(2) { min-width: 16em; } table.tests td:last-child { min-width: 18em; }
table.robustness td:first-child, table.attacks td:first-child { min-width: 11em; }
table.robustness td:nth-child(2), table.attacks td:nth-child(2) { white-space: nowrap; }
table.timings td:first-child { min-width: 16em; } table.timings td:nth-child(2) { white-space: nowrap; }
.num { font-variant-numeric: tabular-nums; }
.badge { white-space: nowrap; font-weight: 600; }
.badge-passed { color: #00684a; } .badge-failed { color: #b34700; } .badge-skipped { color: var(--muted); }
.verdict { white-space: nowrap; font-weight: 600; }
.verdict-regressed { color: #b34700; } .verdict-improved { color: #00684a; } .verdict-unchanged { color: var(--muted); }
ul.glance { padding-left: 1.2em; } ul.glance li { margin-bottom: 4px; }
ul.failures { padding-left: 1.2em; } ul.failures li { margin-bottom: 6px; }
.reason { color: var(--muted); }
details { margin: 6px 0; }
details.result { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
details > summary { cursor: pointer; font-weight: 600; overflow-wrap: anywhere; }
ol.examples { list-style: none; padding: 0; margin: 8px 0; display: grid; gap: 10px; }
li.example { border-top: 1px solid var(--line); padding-top: 8px; }
.example-head { font-weight: 600; margin-bottom: 4px; }
.diff { display: grid; gap: 2px; }
.diff-line { display: flex; gap: 8px; align-items: baseline; }
.diff-tag { flex: 0 0 7em; color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; }
.diff-text { overflow-wrap: anywhere; unicode-bidi: isolate; }
del { background: #fde0c8; color: #7a2e00; text-decoration: line-through 2px; padding: 0 2px; border-radius: 2px; }
ins { background: #cfe8f7; color: #003b5c; text-decoration: underline 2px; padding: 0 2px; border-radius: 2px; }
.predictions { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; margin-top: 6px; }
.prediction-title { font-size: .9rem; }
.arrow { font-size: 1.3rem; color: var(--muted); }
ul.scores { list-style: none; padding: 0; margin: 2px 0; }
ul.scores { display: grid; grid-template-columns: minmax(5em, max-content) 80px max-content; gap: 0 6px; align-items: center; }
ul.scores li { display: contents; font-size: .82rem; }
ul.scores li > span { font-size: .82rem; }
.score-label { overflow-wrap: anywhere; }
.score-bar { display: inline-block; width: 80px; height: 8px; background: #e6e8eb; border-radius: 2px; overflow: hidden; }
.score-bar span { display: block; height: 100%; background: #555; }
.score-value { font-variant-numeric: tabular-nums; }
.flip { margin: 6px 0 0; }
.screen { margin: 6px 0 0; padding: 4px 8px; border-left: 3px solid var(--pass); background: var(--panel); }
.screen-invalid { border-left-color: var(--fail); }
.screen-reasons { margin: 2px 0; padding-left: 18px; font-size: 0.9em; }
.constraint-scores { margin: 2px 0 0; font-size: 0.85em; color: var(--muted); }
.constraint-score.fail { color: var(--fg); font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr)); gap: 16px 24px; align-items: start; }
.grid > * { min-width: 0; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 290px), 1fr)); gap: 8px; }
.card-box { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 10px; }
figure.chart { margin: 6px 0; max-width: 100%; overflow-x: auto; }
svg.chart-svg { font-family: inherit; }
figure.chart > svg { display: block; max-width: none; }
svg .grid { stroke: #e3e5e8; stroke-width: 1; }
svg .tick { font-size: 11px; fill: #444; }
svg .axis-label { font-size: 12px; fill: #222; font-weight: 600; }
svg .cell text { font-size: 11px; pointer-events: none; font-variant-numeric: tabular-nums; }
svg .track { fill: #eceef1; }
svg .frame { fill: none; stroke: #d0d4d9; }
svg.scatter { display: block; max-width: none; }
.pair figcaption { font-size: .85rem; color: var(--muted); }
.inline-chart { vertical-align: middle; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 14px; padding: 0; margin: 2px 0 0; font-size: .82rem; }
ul.legend li { display: flex; align-items: center; gap: 4px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ol.replays li { margin-bottom: 10px; }
.attention-result { border-top: 1px solid var(--line); margin-top: 12px; }
.head-view { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--panel); }
.hv-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.hv-controls label { font-weight: 600; display: flex; gap: 6px; align-items: center; min-width: 0; }
.hv-controls label:first-child { flex: 1 1 24em; }
.hv-controls select { font: inherit; padding: 3px 4px; min-width: 0; }
.hv-sentence { width: 100%; max-width: 70ch; }
.hv-status { color: var(--muted); font-size: .88rem; margin: 6px 0; }
.hv-panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr)); gap: 12px; }
.hv-panel { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
.hv-panel { overflow-x: auto; min-width: 0; }
.hv-panel figcaption { font-weight: 600; font-size: .9rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.hv-svg { width: 360px; max-width: none; display: block; margin: 0 auto; }
.hv-token { font-size: 13px; cursor: pointer; fill: #222; unicode-bidi: isolate; }
.hv-token.hv-focus { font-weight: 700; fill: #000; }
.hv-token:focus { outline: none; text-decoration: underline; }
.hv-weight { font-size: 10px; fill: #555; font-variant-numeric: tabular-nums; }
.key { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; }
.key-pretrained { background: var(--pre); border-radius: 50%; } .key-finetuned { background: var(--fine); }
p.warn { background: #fff4e0; border-left: 4px solid var(--fail); padding: 4px 10px; margin: 6px 0; }
p.means { background: #eef4fa; border-left: 4px solid var(--pre); padding: 6px 10px; margin: 8px 0 12px; }
.means-tag { font-weight: 700; }
.term-first { text-decoration: underline dotted 1.5px; text-underline-offset: 2px; cursor: help; }
dl.glossary { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr)); gap: 8px 24px; }
.gloss dt { font-weight: 700; } .gloss dd { margin: 2px 0 0; }
label.only-failed { margin-left: auto; font-weight: 600; white-space: nowrap; display: inline-flex; gap: 4px; align-items: center; }
body:has(#only-failed:checked) tr[data-status="passed"], body:has(#only-failed:checked) tr[data-status="skipped"],
body:has(#only-failed:checked) details.result[data-status="passed"], body:has(#only-failed:checked) details.result[data-status="skipped"] { display: none; }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: 8px; margin-top: 40px; }
@media (max-width: 640px) {
  main { padding: 4px 12px 32px; } header.top { padding: 14px 12px 10px; } nav.toc { padding: 6px 12px; }
  .diff-line { flex-direction: column; gap: 0; } .diff-tag { flex: none; }
  .card { padding: 6px 10px; } .card-number { font-size: 1.5rem; }
  /* The verdict, the rate and the allowed rate stay in view; the bar and counts scroll. */
  table.robustness td:first-child { min-width: 7.5em; } table.robustness td:nth-child(2) { white-space: normal; min-width: 5em; } table.robustness th { white-space: normal; }
  /* Tables of many numbers side by side: each row a block of "column  value" lines; the header stays for screen readers. */
  table.stacked, table.stacked tbody, table.stacked tr { display: block; min-width: 0; }
  table.stacked thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stacked tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.stacked td { display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 8px; border: 0; padding: 1px 0; white-space: normal !important; overflow-wrap: anywhere; }
  table.stacked td::before { content: attr(data-label); font-weight: 600; color: var(--muted); }
}
@media print {
  nav.toc, .hv-controls { display: none; }
  body { font-size: 11pt; }
  header.top { background: none; color: #000; border-bottom: 2px solid #000; } header.top .sub { color: #333; }
  .verdict-banner { border: 2px solid #000; }
  main { max-width: none; padding: 0; }
  section, figure, tr, li.example, .card-box, .head-view { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  .grid { grid-template-columns: 1fr; }
  table { font-size: 8.5pt; min-width: 0; width: 100%; }
  th { white-space: normal; }
  td, table.tests td, table.timings td, table.robustness td, table.attacks td { min-width: 0 !important; white-space: normal !important; overflow-wrap: anywhere; }
  a { color: inherit; text-decoration: none; }
  details > summary { list-style: none; }
}
`;
