// The report's only script: the interactive head view (after bertviz's head view). It runs inline in
// report.html with no network access: data comes from the page's embedded JSON data element, and
// every token is put into the page through textContent, never through markup.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var SCALE = 1000;
  var ROW = 20;
  // Lines fainter than this are invisible anyway; skipping them keeps long sentences fast.
  var MIN_WEIGHT = 0.005;
  var COLOURS = { pretrained: '#0072B2', finetuned: '#D55E00' };

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) node.setAttribute(key, String(attrs[key]));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function inflate(base64) {
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      var b = new Uint8Array(buffer);
      var half = b.length / 2;
      var out = new Uint16Array(half);
      for (var k = 0; k < half; k++) out[k] = (b[k] << 8) | b[half + k];
      return out;
    });
  }

  function setup(root, result) {
    var sentence = root.querySelector('.hv-sentence');
    var layer = root.querySelector('.hv-layer');
    var head = root.querySelector('.hv-head');
    var status = root.querySelector('.hv-status');
    var panels = Array.prototype.slice.call(root.querySelectorAll('.hv-panel'));
    var cache = new Map();
    var generation = 0;
    var pinned = null;

    function weightsOf(index) {
      if (!cache.has(index)) cache.set(index, inflate(result.samples[index].weights));
      return cache.get(index);
    }

    // Attention of one model as an n×n array of rows, for one head or the mean over heads.
    function matrix(all, model, l, h, n) {
      var rows = [];
      var heads = h < 0 ? result.heads : 1;
      for (var i = 0; i < n; i++) {
        var row = new Float32Array(n);
        for (var k = 0; k < heads; k++) {
          var hh = h < 0 ? k : h;
          var base = (((model * result.layers + l) * result.heads + hh) * n + i) * n;
          for (var j = 0; j < n; j++) row[j] += all[base + j] / SCALE / heads;
        }
        rows.push(row);
      }
      return rows;
    }

    function draw(panel, tokens, rows, colour) {
      var svg = panel.querySelector('svg');
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      var n = tokens.length;
      var width = 360;
      var left = 138;
      var right = 222;
      var height = n * ROW + 24;
      svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
      svg.setAttribute('height', String(height));
      var lines = el('g', { class: 'hv-lines' });
      var labels = el('g', { class: 'hv-tokens' });
      var y = function (i) { return 18 + i * ROW; };
      for (var i = 0; i < n; i++) {
        for (var j = 0; j < n; j++) {
          var w = rows[i][j];
          if (w < MIN_WEIGHT - 1e-6) continue;
          lines.appendChild(el('line', { x1: left + 4, y1: y(i) - 4, x2: right - 4, y2: y(j) - 4, stroke: colour, 'stroke-width': 2, 'stroke-opacity': w.toFixed(3), 'data-from': i, 'data-to': j }));
        }
      }
      tokens.forEach(function (token, i) {
        // Long tokens are cut to fit the columns; the whole token is in the tooltip.
        // Byte-level BPE's Ġ and SentencePiece's ▁ mark a word start: shown as a visible ␣ (as in the CLI).
        var readable = token.replace(/^[\u0120\u2581]/, '\u2423').replace(/\u010a/g, '\u21b5');
        var chars = Array.from(readable);
        var shown = chars.length > 15 ? chars.slice(0, 14).join('') + '…' : readable;
        ['from', 'to'].forEach(function (side) {
          var label = el('text', { x: side === 'from' ? left : right, y: y(i), 'text-anchor': side === 'from' ? 'end' : 'start', class: 'hv-token', 'data-side': side, 'data-index': i, 'data-token': token, tabindex: 0 }, shown);
          if (shown !== token) label.appendChild(el('title', {}, token));
          labels.appendChild(label);
        });
      });
      var weights = el('g', { class: 'hv-weights' });
      svg.appendChild(lines);
      svg.appendChild(labels);
      svg.appendChild(weights);
      panel.rows = rows;
    }

    // Focus one token: keep only its lines and print its weights on the other side.
    function focus(side, index) {
      panels.forEach(function (panel) {
        var svg = panel.querySelector('svg');
        var lines = svg.querySelectorAll('.hv-lines line');
        var weights = svg.querySelector('.hv-weights');
        if (!weights) return;
        while (weights.firstChild) weights.removeChild(weights.firstChild);
        for (var k = 0; k < lines.length; k++) {
          var line = lines[k];
          var hit = index === null || line.getAttribute(side === 'from' ? 'data-from' : 'data-to') === String(index);
          line.style.display = hit ? '' : 'none';
        }
        svg.querySelectorAll('.hv-token').forEach(function (t) {
          t.classList.toggle('hv-focus', index !== null && t.getAttribute('data-side') === side && t.getAttribute('data-index') === String(index));
        });
        if (index === null || !panel.rows) return;
        var n = panel.rows.length;
        for (var i = 0; i < n; i++) {
          var w = side === 'from' ? panel.rows[index][i] : panel.rows[i][index];
          var x = side === 'from' ? 356 : 4;
          weights.appendChild(el('text', { x: x, y: 18 + i * ROW, 'text-anchor': side === 'from' ? 'end' : 'start', class: 'hv-weight' }, w.toFixed(3)));
        }
      });
    }

    function render() {
      var s = Number(sentence.value);
      var l = Number(layer.value);
      var h = Number(head.value);
      var mine = ++generation;
      var sample = result.samples[s];
      pinned = null;
      status.textContent = 'Loading…';
      return weightsOf(s).then(function (all) {
        if (mine !== generation) return;
        var n = sample.tokens.length;
        panels.forEach(function (panel) {
          var model = panel.getAttribute('data-model');
          draw(panel, sample.tokens, matrix(all, model === 'pretrained' ? 0 : 1, l, h, n), COLOURS[model]);
        });
        status.textContent = 'Layer ' + (l + 1) + ', ' + (h < 0 ? 'mean of all heads' : 'head ' + (h + 1)) + ' · ' + n + ' tokens · hover or tap a token to see where it attends (left) or what attends to it (right).';
        root.setAttribute('data-rendered', s + ':' + l + ':' + h);
        // Lets benchmarks read how long the page took to become fully interactive.
        if (performance.getEntriesByName('sesame-head-view-ready').length === 0) performance.mark('sesame-head-view-ready');
      }, function (error) {
        status.textContent = 'This browser could not unpack the attention data (' + error.message + '). Open the report in a current Chrome, Firefox or Safari.';
        root.setAttribute('data-rendered', 'error');
      });
    }

    function tokenOf(event) {
      var t = event.target;
      return t && t.classList && t.classList.contains('hv-token') ? t : null;
    }
    panels.forEach(function (panel) {
      var svg = panel.querySelector('svg');
      svg.addEventListener('mouseover', function (event) {
        var t = tokenOf(event);
        if (t && pinned === null) focus(t.getAttribute('data-side'), Number(t.getAttribute('data-index')));
      });
      svg.addEventListener('mouseleave', function () { if (pinned === null) focus('from', null); });
      svg.addEventListener('click', function (event) {
        var t = tokenOf(event);
        if (!t) { pinned = null; focus('from', null); return; }
        var key = t.getAttribute('data-side') + t.getAttribute('data-index');
        pinned = pinned === key ? null : key;
        focus(t.getAttribute('data-side'), pinned === null ? null : Number(t.getAttribute('data-index')));
      });
      svg.addEventListener('keydown', function (event) {
        var t = tokenOf(event);
        if (t && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); t.dispatchEvent(new MouseEvent('click', { bubbles: true })); }
      });
    });
    [sentence, layer, head].forEach(function (control) { control.addEventListener('change', render); });
    render();
  }

  // A link to a closed <details> (a test's counterexamples) opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === 'DETAILS') target.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();

  // Closed <details> hide their content on paper: open them all for printing.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.setAttribute('data-was-open', d.open ? '1' : '0'); d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    document.querySelectorAll('details[data-was-open="0"]').forEach(function (d) { d.open = false; });
  });

  var dataElement = document.getElementById('sesame-attention-data');
  if (!dataElement) return;
  var results = JSON.parse(dataElement.textContent);
  document.querySelectorAll('.head-view').forEach(function (root) {
    setup(root, results[Number(root.getAttribute('data-result'))]);
  });

})();
