// Xinbao — small progressive enhancements; every page works without this file.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-toggle]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var target = document.getElementById(btn.getAttribute('data-toggle'));
      if (!target) return;
      var open = target.classList.toggle('open');
      btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
  });
  document.querySelectorAll('a[data-back]').forEach(function (a) {
    if (history.length > 1) {
      a.addEventListener('click', function (e) { e.preventDefault(); history.back(); });
    }
  });
});
