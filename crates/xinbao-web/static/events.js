// Xinbao — sudden events: live countdowns, the self-refreshing dashboard, print and confirm
// buttons, and a visible and audible alert when an urgent notice arrives.
(function () {
  'use strict';
  var zh = (document.body.getAttribute('data-locale') || 'zh-CN') !== 'en';

  function onReady(fn) {
    if (document.readyState !== 'loading') fn(); else document.addEventListener('DOMContentLoaded', fn);
  }

  // The server's clock, so a countdown is right even when the PC's clock is not.
  var skew = 0;
  var clockHost = document.querySelector('[data-now]');
  if (clockHost) skew = Number(clockHost.getAttribute('data-now')) - Date.now();

  function left(ms) {
    var late = ms < 0, s = Math.floor(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var text = (h > 0 ? h + (zh ? '小时' : 'h ') : '') + m + (zh ? '分' : 'm ') + (h > 0 ? '' : sec + (zh ? '秒' : 's'));
    return late ? (zh ? '已超时 ' : 'overdue by ') + text : (zh ? '剩余 ' : '') + text + (zh ? '' : ' left');
  }

  function countdowns() {
    var now = Date.now() + skew;
    document.querySelectorAll('time.countdown[data-due]').forEach(function (t) {
      var ms = Number(t.getAttribute('data-due')) - now;
      t.textContent = left(ms);
      t.classList.toggle('soon', ms >= 0 && ms < 10 * 60000);
      t.classList.toggle('late', ms < 0);
    });
  }

  function dashboardRefresh() {
    var d = document.querySelector('[data-refresh]');
    if (!d) return;
    setTimeout(function () { location.reload(); }, Number(d.getAttribute('data-refresh')) * 1000);
  }

  function buttons() {
    document.querySelectorAll('[data-print]').forEach(function (b) {
      b.addEventListener('click', function () { window.print(); });
    });
    document.querySelectorAll('form[data-confirm]').forEach(function (f) {
      f.addEventListener('submit', function (e) { if (!confirm(f.getAttribute('data-confirm'))) e.preventDefault(); });
    });
  }

  // A short two-tone beep, made in the browser: no sound file to load.
  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      var ctx = new Ctx();
      [880, 660].forEach(function (f, i) {
        var o = ctx.createOscillator(), g = ctx.createGain();
        o.frequency.value = f; o.connect(g); g.connect(ctx.destination);
        g.gain.value = 0.15;
        o.start(ctx.currentTime + i * 0.25); o.stop(ctx.currentTime + i * 0.25 + 0.2);
      });
    } catch (e) { /* no audio on this device */ }
  }

  // Urgent notices (sudden events, urgent items) raise a banner and a sound once each.
  function urgentWatch() {
    var banner = document.getElementById('urgent-alert');
    if (!banner) return;
    function check() {
      fetch('/api/v1/notifications/unread', { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) {
          if (!d || !d.urgent) return;
          var seen = Number(sessionStorage.getItem('xb-urgent-seen') || 0);
          banner.hidden = false;
          if (d.latest_urgent > seen) {
            sessionStorage.setItem('xb-urgent-seen', String(d.latest_urgent));
            beep();
          }
        })
        .catch(function () {});
    }
    check();
    setInterval(check, 30000);
  }

  onReady(function () {
    countdowns();
    setInterval(countdowns, 1000);
    dashboardRefresh();
    buttons();
    urgentWatch();
  });
})();
