// Xinbao — small progressive enhancements; every page works without this file.
(function () {
  'use strict';
  var csrf = document.body.getAttribute('data-csrf') || '';

  function onReady(fn) {
    if (document.readyState !== 'loading') fn(); else document.addEventListener('DOMContentLoaded', fn);
  }

  // The navigation toggle on phones, and "back" links.
  function basics() {
    document.querySelectorAll('[data-toggle]').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var target = document.getElementById(btn.getAttribute('data-toggle'));
        if (!target) return;
        var open = target.classList.toggle('open');
        btn.setAttribute('aria-expanded', open ? 'true' : 'false');
      });
    });
    document.querySelectorAll('a[data-back]').forEach(function (a) {
      if (history.length > 1) a.addEventListener('click', function (e) { e.preventDefault(); history.back(); });
    });
  }

  // The bell: unread notifications.
  function bell() {
    var badge = document.getElementById('bell-count');
    if (!badge) return;
    fetch('/api/v1/notifications/unread', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d && d.count > 0) { badge.textContent = d.count > 99 ? '99+' : String(d.count); badge.hidden = false; } })
      .catch(function () {});
  }

  // Pasted Word/WPS HTML keeps paragraphs, bold and lists; everything else goes.
  var KEEP = { IMG: 1, P: 1, BR: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, OL: 1, UL: 1, LI: 1, H3: 1, H4: 1, TABLE: 1, TR: 1, TD: 1, TH: 1 };
  function cleanNode(node, out) {
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) { out.appendChild(document.createTextNode(child.textContent)); return; }
      if (child.nodeType !== 1) return;
      var tag = child.tagName;
      if (tag === 'STYLE' || tag === 'SCRIPT' || tag === 'META' || tag === 'TITLE' || tag.indexOf(':') >= 0) return;
      if (tag === 'DIV') tag = 'P';
      if (tag === 'IMG') {
        var src = child.getAttribute('src') || '';
        if (src.indexOf('/files/') === 0) { var img = document.createElement('img'); img.setAttribute('src', src); out.appendChild(img); }
        return;
      }
      if (KEEP[tag]) {
        var el = document.createElement(tag);
        cleanNode(child, el);
        if (tag !== 'P' || el.textContent.trim() !== '') out.appendChild(el);
      } else {
        cleanNode(child, out);
      }
    });
  }
  function cleanHtml(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var box = document.createElement('div');
    cleanNode(doc.body, box);
    return box.innerHTML;
  }
  function textToHtml(text) {
    return text.split(/\r?\n/).filter(function (l) { return l.trim() !== ''; }).map(function (l) {
      var p = document.createElement('p'); p.textContent = l.trim(); return p.outerHTML;
    }).join('');
  }

  // The item editor: rich text, paste cleaning, autosave to the server and to this browser.
  function itemEditor() {
    var form = document.getElementById('item-form');
    if (!form) return;
    var source = document.getElementById('body-source');
    var editor = document.getElementById('body-editor');
    var toolbar = form.querySelector('.toolbar');
    var status = document.getElementById('autosave-status');
    var id = form.getAttribute('data-item');
    var key = 'xinbao-draft-' + (id || 'new');
    var looksHtml = /<\w/.test(source.value);
    editor.innerHTML = looksHtml ? source.value : textToHtml(source.value);
    source.hidden = true; source.required = false; editor.hidden = false; toolbar.hidden = false;
    toolbar.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-cmd]');
      if (b) { document.execCommand(b.getAttribute('data-cmd')); editor.focus(); }
    });
    editor.addEventListener('paste', function (e) {
      var html = e.clipboardData.getData('text/html');
      var text = e.clipboardData.getData('text/plain');
      e.preventDefault();
      document.execCommand('insertHTML', false, html ? cleanHtml(html) : textToHtml(text));
    });
    function sync() { source.value = editor.innerHTML; }
    function snapshot() {
      sync();
      var data = {};
      new FormData(form).forEach(function (v, k) { if (k !== '_csrf') data[k] = v; });
      return data;
    }
    var saved = localStorage.getItem(key);
    if (saved) {
      try {
        var s = JSON.parse(saved);
        if (s.body && s.body !== source.value && confirm(form.getAttribute('data-restore'))) {
          editor.innerHTML = s.body;
          if (s.title) form.elements.title.value = s.title;
        }
      } catch (err) { localStorage.removeItem(key); }
    }
    var dirty = false;
    form.addEventListener('input', function () { dirty = true; localStorage.setItem(key, JSON.stringify(snapshot())); });
    form.addEventListener('submit', function () { sync(); localStorage.removeItem(key); });
    function save() {
      if (!dirty || !form.elements.title.value.trim() || !editor.textContent.trim()) return;
      dirty = false;
      var d = snapshot();
      var body = { title: d.title, body: d.body, type: d.item_type, importance: d.importance, urgency: d.urgency,
        sensitivity: d.sensitivity, topics: d.topics, authors: d.authors, contact_phone: d.contact_phone };
      if (d.version) body.version = Number(d.version);
      var url = id ? '/api/v1/items/' + id : '/api/v1/items';
      fetch(url, { method: id ? 'PUT' : 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(body) })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (res) {
          if (!res.ok) { status.textContent = res.j.error ? res.j.error.message : ''; return; }
          if (!id) {
            id = String(res.j.id);
            form.setAttribute('data-item', id);
            form.action = '/items/' + id;
            localStorage.removeItem(key);
            key = 'xinbao-draft-' + id;
            history.replaceState(null, '', '/items/' + id + '/edit');
          }
          form.elements.version.value = res.j.version;
          localStorage.removeItem(key);
          status.textContent = (form.getAttribute('data-saved') || '') + ' ' + new Date().toLocaleTimeString();
        })
        .catch(function () { dirty = true; });
    }
    setInterval(save, 15000);
    var pictureButton = document.getElementById('insert-picture');
    var pictureFile = document.getElementById('picture-file');
    pictureButton.addEventListener('click', function () {
      if (!id) { alert(pictureButton.getAttribute('data-need-save')); return; }
      pictureFile.click();
    });
    pictureFile.addEventListener('change', function () {
      var file = pictureFile.files[0];
      if (!file) return;
      var data = new FormData();
      data.append('file', file);
      fetch('/api/v1/items/' + id + '/attachments', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf }, body: data })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (res) {
          if (!res.ok) { status.textContent = res.j.error ? res.j.error.message : ''; return; }
          editor.focus();
          document.execCommand('insertHTML', false, '<img src="/files/' + res.j.file_hash + '" alt="">');
          dirty = true;
        });
      pictureFile.value = '';
    });
    window.addEventListener('beforeunload', function () { if (dirty) localStorage.setItem(key, JSON.stringify(snapshot())); });
  }

  // The inbox: selected items go to the merge page.
  function mergeForm() {
    var form = document.getElementById('merge-form');
    if (!form) return;
    form.addEventListener('submit', function () {
      var ids = Array.prototype.map.call(form.querySelectorAll('input[name=pick]:checked'), function (c) { return c.value; });
      document.getElementById('merge-ids').value = ids.join(',');
      form.querySelectorAll('input[name=pick]').forEach(function (c) { c.disabled = true; });
    });
  }

  onReady(function () { basics(); bell(); itemEditor(); mergeForm(); });
})();
