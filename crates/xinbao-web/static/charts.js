// Draws the charts of a page from the JSON in each <script type="application/json"
// data-chart="id"> block, with the vendored ECharts. Data only: the option is built here.
(function () {
  'use strict';
  function draw(el, spec) {
    var chart = echarts.init(el, null, { renderer: 'svg' });
    var option;
    if (spec.kind === 'pie') {
      option = { tooltip: { trigger: 'item' }, series: [{ type: 'pie', radius: ['35%', '65%'], data: spec.data }] };
    } else if (spec.kind === 'rank') {
      option = {
        tooltip: { trigger: 'axis' }, grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value' }, yAxis: { type: 'category', inverse: true, data: spec.labels },
        series: [{ type: 'bar', data: spec.values, name: spec.name }]
      };
    } else {
      option = {
        tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: spec.labels }, yAxis: { type: 'value' },
        series: spec.series.map(function (s) { return { type: 'bar', name: s.name, data: s.values }; })
      };
    }
    option.animation = false;
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
    el.dataset.drawn = '1';
  }
  document.addEventListener('DOMContentLoaded', function () {
    if (typeof echarts === 'undefined') return;
    document.querySelectorAll('script[data-chart]').forEach(function (s) {
      var el = document.getElementById(s.dataset.chart);
      if (el) draw(el, JSON.parse(s.textContent));
    });
  });
})();
