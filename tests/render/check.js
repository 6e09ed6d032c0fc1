// Renders each LaTeX display string of a JSON list (stdin) with KaTeX and with MathJax 3 (base, ams and the
// other standard TeX packages); prints, per string, "ok" or the renderer's error, as JSON. Used by
// tests/test_render.py; needs `npm install katex mathjax-full` (NODE_PATH pointing at that node_modules).
const katex = require('katex');
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
const adaptor = liteAdaptor(); RegisterHTMLHandler(adaptor);
const tex = new TeX({packages: AllPackages.filter(p => p !== 'bussproofs'), formatError: (jax, err) => { throw err; }});
const doc = mathjax.document('', {InputJax: tex, OutputJax: new SVG({fontCache: 'none'})});
let input = ''; process.stdin.on('data', d => input += d); process.stdin.on('end', () => {
  const items = JSON.parse(input); const out = [];
  for (const s of items) {
    let k = 'ok', m = 'ok';
    try { katex.renderToString(s, {displayMode: true, throwOnError: true}); } catch (e) { k = String(e.message || e); }
    try { const node = doc.convert(s, {display: true}); const html = adaptor.outerHTML(node); if (html.includes('merror') || html.includes('data-mjx-error')) m = 'merror: ' + html.slice(0, 200); } catch (e) { m = String(e.message || e); }
    out.push({katex: k, mathjax: m});
  }
  console.log(JSON.stringify(out));
});
