// Live updates: one server-sent event stream per tab (/portal/live), fed from Kafka's kumo.instance.events. An
// event names an instance; every element showing that instance (data-instance) reloads itself through htmx, and
// lists (data-live-list) reload when an instance they do not show yet appears.
(function () {
  if (window.kumoLive) { return; }
  window.kumoLive = new EventSource('/portal/live');
  window.kumoLive.addEventListener('instance', function (event) {
    var id = event.data;
    var shown = document.querySelectorAll('[data-instance="' + id + '"]');
    shown.forEach(function (element) { htmx.trigger(element, 'kumo:changed'); });
    document.querySelectorAll('[data-live-any]').forEach(function (element) { htmx.trigger(element, 'kumo:changed'); });
    if (shown.length === 0) {
      document.querySelectorAll('[data-live-list]').forEach(function (element) { htmx.trigger(element, 'kumo:changed'); });
    }
  });
})();
document.addEventListener('DOMContentLoaded', function () {
  // Refusals come back as pages with the API's status and message: show them rather than nothing.
  htmx.config.responseHandling = [{ code: '204', swap: false }, { code: '[23]..', swap: true },
                                  { code: '[45]..', swap: true, error: false }];
});
