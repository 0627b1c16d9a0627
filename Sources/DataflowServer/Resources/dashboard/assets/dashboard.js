// swift-batch dashboard: local times and live regions. The pages work without it.
(function () {
  'use strict';

  // Times: <time datetime> shows UTC from the server; show the browser's zone, UTC on hover.
  var format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'
  });
  function localise(root) {
    root.querySelectorAll('time[datetime]').forEach(function (element) {
      if (element.dataset.local) return;
      var date = new Date(element.getAttribute('datetime'));
      if (isNaN(date.getTime())) return;
      element.title = element.textContent.trim();
      element.textContent = format.format(date);
      element.dataset.local = '1';
    });
  }

  // Confirmations for forms that ask for one (data-confirm), in addition to the server's own.
  document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Live regions: [data-live=topic][data-live-version][data-live-fragment] are fetched again when
  // the server says their topic changed; pre[data-live-log=taskId][data-live-offset] grow as the task logs.
  function start() {
    localise(document);
    var regions = Array.prototype.slice.call(document.querySelectorAll('[data-live]'));
    var logs = Array.prototype.slice.call(document.querySelectorAll('[data-live-log]'));
    if (!regions.length && !logs.length || !window.EventSource) return;
    var query = new URLSearchParams();
    regions.forEach(function (region) { query.append('topic', region.dataset.live + '@' + (region.dataset.liveVersion || '')); });
    logs.forEach(function (log) { query.append('log', log.dataset.liveLog + '@' + (log.dataset.liveOffset || '0.0')); });
    var source = new EventSource('/dashboard/events?' + query.toString());
    var loading = new Map();
    function refresh(region, version) {
      if (loading.get(region)) { loading.set(region, version); return; }
      loading.set(region, version);
      fetch(region.dataset.liveFragment, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          region.innerHTML = html;
          region.dataset.liveVersion = version;
          localise(region);
        })
        .catch(function () { /* the next change tries again */ })
        .finally(function () {
          var latest = loading.get(region);
          loading.delete(region);
          if (latest !== version) refresh(region, latest);
        });
    }
    source.addEventListener('change', function (event) {
      var change = JSON.parse(event.data);
      regions.forEach(function (region) {
        if (region.dataset.live === change.topic && region.dataset.liveVersion !== change.version) refresh(region, change.version);
      });
    });
    source.addEventListener('log', function (event) {
      var lines = JSON.parse(event.data);
      logs.forEach(function (log) {
        if (log.dataset.liveLog !== String(lines.task)) return;
        var follow = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        log.appendChild(document.createTextNode(lines.text));
        log.dataset.liveOffset = event.lastEventId;
        if (follow) log.scrollTop = log.scrollHeight;
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
