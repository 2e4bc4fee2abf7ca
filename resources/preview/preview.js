// Installed in every preview page by desk/ui/preview/view.py: patching in place, scroll
// sync, placeholders for remote images (which the interceptor blocks).
(function () {
  function placeholders(root) {
    root.querySelectorAll('img').forEach(function (img) {
      var src = img.getAttribute('src') || '';
      if (/^(https?:)?\/\//i.test(src)) {
        var box = document.createElement('span');
        box.className = 'desk-blocked-image';
        box.textContent = 'Remote image not loaded in the preview: ' + src;
        box.style.cssText = 'display:block;padding:1.5em;border:2px dashed #b0b0b0;' +
          'color:#666;font:14px sans-serif;text-align:center;word-break:break-all;';
        img.replaceWith(box);
      }
    });
  }
  var pieces = {};
  window.deskApply = function (msg) {
    if (!msg.split) { pieces = {}; return window.deskPatch(msg.shell); }
    var next = {};
    msg.keys.forEach(function (k) { next[k] = msg.add[k] !== undefined ? msg.add[k] : pieces[k]; });
    pieces = next;
    var body = msg.keys.map(function (k) { return pieces[k]; }).join('\n');
    var open = '<div class="article-body" dir="auto">';
    var at = msg.shell.indexOf(open) + open.length;
    return window.deskPatch(msg.shell.slice(0, at) + body + msg.shell.slice(at));
  };
  window.deskPatch = function (html) {
    var article = document.querySelector('article.article');
    if (!article) { return false; }
    var y = window.scrollY;
    var next = document.createElement('article');
    next.innerHTML = html;
    placeholders(next);
    // Replace only the children that changed, so images and layout stay put.
    var oldKids = article.children, newKids = next.children;
    var n = Math.max(oldKids.length, newKids.length);
    for (var i = n - 1; i >= 0; i--) {
      var o = oldKids[i], k = newKids[i];
      if (!k) { o.remove(); continue; }
      if (!o) { article.appendChild(k.cloneNode(true)); continue; }
      if (o.outerHTML !== k.outerHTML) {
        if (o.className === 'article-body' && k.className === 'article-body') {
          patchBody(o, k);
        } else {
          o.replaceWith(k.cloneNode(true));
        }
      }
    }
    window.scrollTo(0, y);
    return true;
  };
  function patchBody(o, k) {
    var a = o.children, b = k.children;
    if (Math.abs(a.length - b.length) > 200) { o.innerHTML = k.innerHTML; return; }
    var i = 0;
    while (i < a.length && i < b.length && a[i].outerHTML === b[i].outerHTML) { i++; }
    var ea = a.length - 1, eb = b.length - 1;
    while (ea >= i && eb >= i && a[ea].outerHTML === b[eb].outerHTML) { ea--; eb--; }
    for (var r = ea; r >= i; r--) { a[r].remove(); }
    var anchor = a[i] || null;
    for (var j = i; j <= eb; j++) { o.insertBefore(b[j].cloneNode(true), anchor); }
    // Line numbers of unchanged blocks after the edit may have moved.
    for (var m = 0; m < b.length && m < a.length; m++) {
      var line = b[m].getAttribute('data-src-line');
      if (line !== null && a[m].getAttribute('data-src-line') !== line) {
        a[m].setAttribute('data-src-line', line);
      }
    }
  }
  window.deskScrollToLine = function (line) {
    var best = null;
    document.querySelectorAll('.article-body [data-src-line]').forEach(function (el) {
      if (parseInt(el.getAttribute('data-src-line'), 10) <= line) { best = el; }
    });
    if (line <= 0 || !best) { window.scrollTo(0, 0); return; }
    window.scrollTo(0, best.getBoundingClientRect().top + window.scrollY - 8);
  };
  window.deskTopLine = function () {
    var els = document.querySelectorAll('.article-body [data-src-line]');
    for (var i = 0; i < els.length; i++) {
      if (els[i].getBoundingClientRect().bottom > 0) {
        return parseInt(els[i].getAttribute('data-src-line'), 10);
      }
    }
    return -1;
  };
  document.addEventListener('DOMContentLoaded', function () { placeholders(document); });
})();
