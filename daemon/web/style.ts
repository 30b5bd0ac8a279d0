/**
 * The pages' one stylesheet, inlined (no external resources: the page must work on a server
 * with no internet). Narrow screens get one card per process instead of table columns.
 */
export const STYLE = `
:root{--fg:#1d2125;--muted:#5b636b;--line:#d5d9de;--shade:#f4f6f8;--accent:#0b5cad;--ok:#13702f;--warn:#8a5a00;--bad:#b3261e;--idle:#5b636b}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:var(--fg);background:#fff}
header.top{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:center;padding:.6em 1em;border-bottom:1px solid var(--line);background:var(--shade)}
header.top h1{font-size:1.2em;margin:0}
main{padding:.6em 1em 2em}
a{color:var(--accent)}
button,input{font:inherit}
button{padding:.25em .7em;border:1px solid #8d959d;border-radius:4px;background:#fff;color:var(--fg);cursor:pointer;min-height:2em}
button:hover{background:#eef2f6}
button.danger{border-color:var(--bad);color:var(--bad)}
button[disabled]{opacity:.6;cursor:progress}
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
form.inline{display:inline}
.toolbar{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;margin:.6em 0}
.toolbar .grow{flex:1}
input[type=search]{padding:.3em .5em;border:1px solid #8d959d;border-radius:4px;min-width:12em}
#status_msg{background:#fff7d6;border:1px solid #e5c85a;padding:.5em .7em;border-radius:4px;margin:.6em 0}
#status_msg.error{background:#fde8e6;border-color:var(--bad)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35em .5em;vertical-align:middle;border-bottom:1px solid var(--line)}
thead th{font-size:.85em;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
tr.grouphead th,tr.grouphead td{background:var(--shade);border-top:2px solid var(--line)}
tr.grouphead th{font-size:1em}
td.actions{white-space:nowrap}
td.actions>*{margin:.1em .15em .1em 0}
td.actions a{display:inline-block;margin-left:.5em;padding:.2em 0}
.state{display:inline-block;white-space:nowrap;padding:.05em .55em;border-radius:1em;font-weight:600;font-size:.9em;border:1px solid currentColor}
.state::before{content:"";display:inline-block;width:.55em;height:.55em;border-radius:50%;background:currentColor;margin-right:.35em;vertical-align:.05em}
.st-running{color:var(--ok)}.st-starting,.st-stopping,.st-backoff{color:var(--warn)}
.st-fatal,.st-unknown{color:var(--bad)}.st-stopped,.st-exited{color:var(--idle)}
.muted{color:var(--muted)}
footer{margin:1.5em 1em;color:var(--muted);font-size:.85em}
#live{margin-left:1em}
.log{margin:0;padding:.5em;background:#111418;color:#e6e6e6;font:13px/1.35 ui-monospace,"DejaVu Sans Mono",monospace;white-space:pre-wrap;word-break:break-all;overflow:auto;height:calc(100vh - 9em);min-height:12em;border-radius:4px}
.log .ln{display:block;min-height:1.35em}
.f0{color:#555}.f1{color:#ff6b6b}.f2{color:#69d36e}.f3{color:#e6c547}.f4{color:#6ca8ff}.f5{color:#d78bff}.f6{color:#4fd6d6}.f7{color:#ddd}
.f8{color:#888}.f9{color:#ff9a9a}.f10{color:#9ef59e}.f11{color:#fff08a}.f12{color:#a5c8ff}.f13{color:#f0b3ff}.f14{color:#9ff}.f15{color:#fff}
.g0{background:#000}.g1{background:#8b1a1a}.g2{background:#1f6b25}.g3{background:#7a6410}.g4{background:#1b3f8b}.g5{background:#6b2a7a}.g6{background:#17706f}.g7{background:#aaa;color:#111}
.g8{background:#555}.g9{background:#c44}.g10{background:#3a3}.g11{background:#aa3}.g12{background:#46c}.g13{background:#a4c}.g14{background:#3aa}.g15{background:#eee;color:#111}
.b{font-weight:bold}.d{opacity:.7}.i{font-style:italic}.u{text-decoration:underline}
@media (max-width:44em){
  body{font-size:16px}
  main{padding:.5em}
  table.procs thead{display:none}
  table.procs tr{display:block;border-bottom:1px solid var(--line);padding:.4em 0}
  table.procs th,table.procs td{display:block;border:0;padding:.15em .3em}
  table.procs td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85em}
  td.actions{white-space:normal}
  table.procs td[data-label]:empty{display:none}
  td.actions>*{margin:.2em .3em .2em 0}
  button{min-height:2.4em}
}
`;
